/**
 * `npm run bench:baseline`: for every bench trace, driftless with Ray fields only (every default; the
 * first policy of each trace in bench/benchTraces.ts) against Ray Serve and the oracle, on the same
 * requests (seed BENCH_SEED, default 1). Prints SLO violations and GPU-hours with their ratios to Ray
 * Serve and to the oracle, and writes bench/baseline.json. Figures, not tests.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatJson } from "../sim/report/formatJson";
import { runComparison } from "../sim/runComparison";
import { baselineRows, formatBaseline } from "./baselineRows";
import { BENCH_ENVIRONMENT, BENCH_TRACES, benchPolicy } from "./benchTraces";

const here = dirname(fileURLToPath(import.meta.url));
const seed = Number(process.env.BENCH_SEED ?? 1);

async function main(): Promise<void> {
  const runs = [];
  for (const bench of BENCH_TRACES) {
    const trace = bench.build(seed);
    const outcome = await runComparison(trace, [benchPolicy(bench.policies[0]!)], {
      seed,
      peers: ["ray-serve", "oracle"],
      environment: BENCH_ENVIRONMENT,
      onRun: (r) =>
        process.stderr.write(
          `  ${bench.name.padEnd(20)} ${r.summary.policy.padEnd(28)} ${r.summary.wallMs} ms\n`,
        ),
    });
    if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    runs.push(...outcome.results.map((r) => r.summary));
  }
  const rows = baselineRows(runs);
  process.stdout.write(`${formatBaseline(rows)}\n`);
  writeFileSync(join(here, "baseline.json"), formatJson({ command: "npm run bench:baseline", seed, rows }));
  process.stdout.write("\nwrote bench/baseline.json\n");
}

await main();
