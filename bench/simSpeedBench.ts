/**
 * `npm run bench:sim-speed`: simulated days per wall-clock second for one driftless policy on a bench
 * trace (SPEED_TRACE, a name from bench/benchTraces.ts, default market-hours: one day; market-hours-15d
 * for the multi-day runs where speed matters) with seed BENCH_SEED (default 1), best of SPEED_RUNS runs
 * (default 5) because the machine may be shared; prints the load average beside it. Policies: the
 * arguments (names under bench/policies), market-hours by default. Each line also prints a fingerprint
 * of the results (summary and series without wall time), so an optimization can show that no decision
 * changed.
 * Figures, not tests.
 */
import { createHash } from "node:crypto";
import { loadavg } from "node:os";
import { runComparison } from "../sim/runComparison";
import { BENCH_TRACES, benchPolicy } from "./benchTraces";

const seed = Number(process.env.BENCH_SEED ?? 1);
const runs = Number(process.env.SPEED_RUNS ?? 5);
const traceName = process.env.SPEED_TRACE ?? "market-hours";
const names = process.argv.slice(2).length > 0 ? process.argv.slice(2) : ["market-hours"];

async function main(): Promise<void> {
  const bench = BENCH_TRACES.find((t) => t.name === traceName);
  if (bench === undefined)
    throw new Error(
      `SPEED_TRACE: no bench trace "${traceName}" (${BENCH_TRACES.map((t) => t.name).join(", ")})`,
    );
  const trace = bench.build(seed);
  const days = trace.durationS / 86400;
  for (const name of names) {
    const walls: number[] = [];
    const cpus: number[] = [];
    const fingerprints = new Set<string>();
    for (let k = 0; k < runs; k++) {
      const cpuBefore = process.cpuUsage();
      const outcome = await runComparison(trace, [benchPolicy(name)], { seed, peers: [] });
      const cpu = process.cpuUsage(cpuBefore);
      cpus.push((cpu.user + cpu.system) / 1000);
      if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
      const result = outcome.results[0]!;
      walls.push(result.summary.wallMs);
      const { wallMs: _, ...summary } = result.summary;
      fingerprints.add(
        createHash("sha256")
          .update(JSON.stringify({ summary, series: result.series }))
          .digest("hex")
          .slice(0, 12),
      );
    }
    const best = Math.min(...walls);
    // CPU time of the whole process (GC helper threads included) over the run and its workload: less
    // sensitive to other processes on a shared machine than wall time.
    const bestCpu = Math.min(...cpus);
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    process.stdout.write(
      `${name.padEnd(26)} ${(days / (best / 1000)).toFixed(2)} days/s wall, ` +
        `${(days / (bestCpu / 1000)).toFixed(2)} days/CPU-s (best of ${runs}: ${best.toFixed(0)} ms wall, ` +
        `${bestCpu.toFixed(0)} ms CPU for ${days} d) load ${load} results ${[...fingerprints].join(" != ")}\n`,
    );
  }
}

await main();
