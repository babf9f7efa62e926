/**
 * `npm run bench:baseline`: for every bench trace, driftless with Ray fields only (every default; the
 * first policy of each trace in bench/benchTraces.ts) against Ray Serve and the oracle, on the same
 * requests (seed BENCH_SEED, default 1). Prints SLO violations and GPU-hours with their ratios to Ray
 * Serve and to the oracle, and writes bench/baseline.json. Figures, not tests. BENCH_MODEL_LOAD_S
 * fixes every replica's model load at that many seconds (instead of a draw per start from the trace's
 * range), so two systems starting different numbers of replicas no longer draw different loads for the
 * same burst: a diagnostic of how much of a difference is the draw.
 */
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { formatJson } from "../sim/report/formatJson";
import { runComparison } from "../sim/runComparison";
import type { Trace } from "../sim/traces/Trace";
import { baselineRows, formatBaseline } from "./baselineRows";
import { BENCH_ENVIRONMENT, BENCH_TRACES, benchPolicy } from "./benchTraces";

const here = dirname(fileURLToPath(import.meta.url));
const seed = Number(process.env.BENCH_SEED ?? 1);
const modelLoadS =
  process.env.BENCH_MODEL_LOAD_S === undefined ? null : Number(process.env.BENCH_MODEL_LOAD_S);
if (modelLoadS !== null && !(Number.isFinite(modelLoadS) && modelLoadS >= 0))
  throw new Error(`BENCH_MODEL_LOAD_S must be seconds >= 0, got "${process.env.BENCH_MODEL_LOAD_S}"`);

/** `trace` with every stage's model load fixed at `modelLoadS` when it is set. */
function withModelLoad(trace: Trace): Trace {
  if (modelLoadS === null) return trace;
  return {
    ...trace,
    stages: trace.stages.map((s) => ({ ...s, modelLoadS: [modelLoadS, modelLoadS] as const })),
  };
}

async function main(): Promise<void> {
  const runs = [];
  for (const bench of BENCH_TRACES) {
    const trace = withModelLoad(bench.build(seed));
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
  writeFileSync(
    join(here, "baseline.json"),
    formatJson({
      command: "npm run bench:baseline",
      seed,
      ...(modelLoadS === null ? {} : { modelLoadS }),
      rows,
    }),
  );
  process.stdout.write("\nwrote bench/baseline.json\n");
}

await main();
