/**
 * `npm run bench:alloc`: bytes allocated per engine round in one simulated run of a driftless policy (the
 * arguments, names under bench/policies; adr-default by default) on a bench trace (SPEED_TRACE, default
 * market-hours), with the functions that allocate most. Unlike CPU time, allocation does not depend on
 * what else the shared machine runs, so an optimization's effect shows run to run. V8's sampling heap
 * profiler keeps the objects already collected, so the samples add up to about every byte allocated (the
 * whole run's: the simulated world's as well as the engine's). ALLOC_TOP sets how many functions to print;
 * ALLOC_PROFILE=path writes the profile too (open it in Chrome DevTools, Memory tab).
 * Figures, not tests.
 */
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { runComparison } from "../sim/runComparison";
import { BENCH_TRACES, benchPolicy } from "./benchTraces";

interface ProfileNode {
  readonly callFrame: { readonly functionName: string; readonly url: string };
  readonly selfSize: number;
  readonly children: readonly ProfileNode[];
}

const seed = Number(process.env.BENCH_SEED ?? 1);
const top = Number(process.env.ALLOC_TOP ?? 15);
const traceName = process.env.SPEED_TRACE ?? "market-hours";
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["adr-default"];
/** The engine's production round interval in the simulator (evaluation_interval_s). */
const ROUND_S = 10;

async function profileRun(name: string, trace: Parameters<typeof runComparison>[0]): Promise<ProfileNode> {
  const run = async () => {
    const outcome = await runComparison(trace, [benchPolicy(name)], { seed, peers: [] });
    if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  };
  await run(); // warm-up: compiled code allocates differently from the interpreter
  const session = new Session();
  session.connect();
  await session.post("HeapProfiler.enable");
  await session.post("HeapProfiler.startSampling", {
    samplingInterval: 1024,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  } as never);
  await run();
  const { profile } = (await session.post("HeapProfiler.stopSampling")) as { profile: { head: ProfileNode } };
  session.disconnect();
  if (process.env.ALLOC_PROFILE) writeFileSync(process.env.ALLOC_PROFILE, JSON.stringify(profile));
  return profile.head;
}

/** Bytes allocated by each function itself, by name and file. */
function selfSizes(head: ProfileNode): Map<string, number> {
  const sizes = new Map<string, number>();
  const walk = (node: ProfileNode) => {
    const file = node.callFrame.url.replace(/^.*?\/(shared|sim|bench)\//, "$1/");
    const key = `${node.callFrame.functionName || "(anonymous)"} ${file}`.trim();
    sizes.set(key, (sizes.get(key) ?? 0) + node.selfSize);
    for (const child of node.children) walk(child);
  };
  walk(head);
  return sizes;
}

async function main(): Promise<void> {
  const bench = BENCH_TRACES.find((t) => t.name === traceName);
  if (bench === undefined) throw new Error(`SPEED_TRACE: no bench trace "${traceName}"`);
  const trace = bench.build(seed);
  const rounds = trace.durationS / ROUND_S;
  const kb = (bytes: number) => `${(bytes / rounds / 1024).toFixed(2)} KB`;
  for (const name of names) {
    const sizes = selfSizes(await profileRun(name, trace));
    let total = 0;
    for (const size of sizes.values()) total += size;
    process.stdout.write(`${name} on ${traceName}: ${kb(total)} allocated per round (${rounds} rounds)\n`);
    const heaviest = [...sizes].sort((a, b) => b[1] - a[1]).slice(0, top);
    for (const [key, size] of heaviest) process.stdout.write(`  ${kb(size).padStart(9)}  ${key}\n`);
  }
}

await main();
