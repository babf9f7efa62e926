/**
 * `npm run bench:sim-speed`: simulated days per second for one driftless policy on a bench trace
 * (SPEED_TRACE, a name from bench/benchTraces.ts, default market-hours: one day; market-hours-15d for the
 * multi-day runs where speed matters) with seed BENCH_SEED (default 1), best of SPEED_RUNS runs (default 5)
 * because the machine may be shared; prints the load average beside it. Days per CPU-second is the figure
 * (what one core does; see measureSimSpeed), days per wall-clock second is printed too. Runs: the
 * arguments, names under bench/policies or `peer:NAME` for a peer model (configured from adr-default's Ray
 * fields, as the bench runs it), market-hours by default. Each line also prints a fingerprint of the
 * results (summary and series without wall time), so an optimization can show that no decision changed.
 * Before any of them, SPEED_WARMUP runs (default 2) of the first warm the process up (the compiler takes
 * several runs to settle); the first of those is reported as the cold figure, what a one-off run costs.
 * SPEED_JSON=1 prints one JSON object a run instead (how `npm run bench` reads it from a fresh process).
 * Figures, not tests.
 */
import { loadavg } from "node:os";
import { createPeers, PEER_NAMES, type PeerName } from "../sim/peers/createPeers";
import type { RunResult } from "../sim/report/RunResult";
import { summarizeRun } from "../sim/report/summarizeRun";
import { runComparison } from "../sim/runComparison";
import { runSimulation } from "../sim/runSimulation";
import { generateWorkload } from "../sim/traces/generateWorkload";
import type { Trace } from "../sim/traces/Trace";
import { BENCH_TRACES, benchPolicy, benchRayFields } from "./benchTraces";
import { measureSimSpeed } from "./measureSimSpeed";

const seed = Number(process.env.BENCH_SEED ?? 1);
const runs = Number(process.env.SPEED_RUNS ?? 5);
const traceName = process.env.SPEED_TRACE ?? "market-hours";
const json = process.env.SPEED_JSON === "1";
const warmUps = Number(process.env.SPEED_WARMUP ?? 2);
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["market-hours"];

/** One complete run of `name` on `trace`, as `driftless simulate` makes it. */
function runOf(name: string, trace: Trace): { id: string; run: () => Promise<RunResult> } {
  if (name.startsWith("peer:")) {
    const peer = name.slice("peer:".length) as PeerName;
    if (!PEER_NAMES.includes(peer)) throw new Error(`no peer "${peer}" (${PEER_NAMES.join(", ")})`);
    const make = () => createPeers([peer], benchRayFields("adr-default", trace).resolved, trace)[0]!;
    return {
      id: make().id,
      run: async () => summarizeRun(await runSimulation(trace, generateWorkload(trace, seed), make(), seed)),
    };
  }
  return {
    id: `driftless:${name}`,
    run: async () => {
      const outcome = await runComparison(trace, [benchPolicy(name)], { seed, peers: [] });
      if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
      return outcome.results[0]!;
    },
  };
}

async function main(): Promise<void> {
  const bench = BENCH_TRACES.find((t) => t.name === traceName);
  if (bench === undefined)
    throw new Error(
      `SPEED_TRACE: no bench trace "${traceName}" (${BENCH_TRACES.map((t) => t.name).join(", ")})`,
    );
  const trace = bench.build(seed);
  const days = trace.durationS / 86400;
  const cold =
    warmUps > 0 ? await measureSimSpeed({ days, runs: warmUps, run: runOf(names[0]!, trace).run }) : null;
  if (cold !== null && !json)
    process.stdout.write(
      `(warm-up: ${warmUps} runs of ${names[0]}, the first cold at ${cold.firstDaysPerCpuSecond.toFixed(2)} days/CPU-s)\n`,
    );
  for (const name of names) {
    const { id, run } = runOf(name, trace);
    const speed = await measureSimSpeed({ days, runs, run });
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    if (json) {
      const coldFigure = cold !== null && name === names[0] ? { cold: cold.firstDaysPerCpuSecond } : {};
      process.stdout.write(
        `${JSON.stringify({ policy: id, trace: traceName, ...speed, ...coldFigure, load })}\n`,
      );
      continue;
    }
    process.stdout.write(
      `${name.padEnd(26)} ${speed.daysPerCpuSecond.toFixed(2)} days/CPU-s, ${speed.daysPerSecond.toFixed(2)} days/s wall ` +
        `(best of ${runs}: ${speed.bestCpuMs.toFixed(0)} ms CPU, ${speed.bestWallMs.toFixed(0)} ms wall for ${days} d) ` +
        `load ${load} results ${speed.fingerprints.join(" != ")}\n`,
    );
  }
}

await main();
