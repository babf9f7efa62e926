/**
 * `npm run bench:sim-speed`: simulated days per second for one driftless policy on a bench trace
 * (SPEED_TRACE, a name from bench/benchTraces.ts, default market-hours: one day; market-hours-15d for the
 * multi-day runs where speed matters) with seed BENCH_SEED (default 1), best of SPEED_RUNS runs (default 5)
 * because the machine may be shared; prints the load average beside it. Days per CPU-second is the figure
 * (what one core does; see measureSimSpeed), days per wall-clock second is printed too. Policies: the
 * arguments (names under bench/policies), market-hours by default. Each line also prints a fingerprint of
 * the results (summary and series without wall time), so an optimization can show that no decision
 * changed.
 * Figures, not tests.
 */
import { loadavg } from "node:os";
import { runComparison } from "../sim/runComparison";
import { BENCH_TRACES, benchPolicy } from "./benchTraces";
import { measureSimSpeed } from "./measureSimSpeed";

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
    const speed = await measureSimSpeed({
      days,
      runs,
      run: async () => {
        const outcome = await runComparison(trace, [benchPolicy(name)], { seed, peers: [] });
        if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
        return outcome.results[0]!;
      },
    });
    const load = loadavg()
      .map((l) => l.toFixed(2))
      .join(" ");
    process.stdout.write(
      `${name.padEnd(26)} ${speed.daysPerCpuSecond.toFixed(2)} days/CPU-s, ${speed.daysPerSecond.toFixed(2)} days/s wall ` +
        `(best of ${runs}: ${speed.bestCpuMs.toFixed(0)} ms CPU, ${speed.bestWallMs.toFixed(0)} ms wall for ${days} d) ` +
        `load ${load} results ${speed.fingerprints.join(" != ")}\n`,
    );
  }
}

await main();
