/**
 * Where a forecast floor wins and loses on multi-day market-hours: per system, the measured totals, then
 * per day (from the measured start) violations and GPU-hours, and violations by New York half-hour.
 * For choosing the forecaster's settings on days that are not judged (other seeds, the learning days).
 * Prints figures; no asserts.
 * Run: npx tsx bench/predictiveTuning.ts --seed 2 --days 15 --from 12 [--warm] POLICY.json...
 */
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { runComparison } from "../sim/runComparison";
import { marketHoursTrace } from "../sim/traces/marketHoursTrace";

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    seed: { type: "string", default: "2" },
    days: { type: "string", default: "15" },
    from: { type: "string", default: "12" },
    warm: { type: "boolean", default: false },
    peers: { type: "string", default: "ray-serve,oracle" },
    buckets: { type: "boolean", default: false },
  },
});
const seed = Number(values.seed);
const days = Number(values.days);
const fromDay = Number(values.from);
const trace = { ...marketHoursTrace(seed, days), measureFromS: fromDay * 86400 };
const policies = positionals.map((file) => ({
  name: file.replace(/^.*[\\/]/, "").replace(/\.json$/i, ""),
  policy: JSON.parse(readFileSync(file, "utf8")),
}));
const peers = values.peers === "" ? [] : (values.peers.split(",") as never[]);
const outcome = await runComparison(trace, policies, {
  seed,
  peers,
  environment: { warmPool: values.warm },
});
if (!outcome.ok) throw new Error(JSON.stringify(outcome.problems));
const DAY_MIN = 1440;
// New York is UTC-4 all June: the trace starts at local midnight.
console.log(`seed ${seed}, ${days} days, measured from day ${fromDay}${values.warm ? ", warm pool" : ""}`);
for (const { summary, series } of outcome.results) {
  const perDay: string[] = [];
  const byHalfHour = new Map<number, number>();
  for (let d = fromDay; d < days; d++) {
    let v = 0;
    let gpuMin = 0;
    for (let m = d * DAY_MIN; m < (d + 1) * DAY_MIN; m++) {
      v += series.violations[m] ?? 0;
      gpuMin += series.gpus[m] ?? 0;
      const slot = Math.floor((m % DAY_MIN) / 30);
      if ((series.violations[m] ?? 0) > 0)
        byHalfHour.set(slot, (byHalfHour.get(slot) ?? 0) + series.violations[m]!);
    }
    perDay.push(`d${d}:${v}v/${(gpuMin / 60).toFixed(1)}h`);
  }
  console.log(
    `${summary.label.padEnd(48)} ${summary.slo.violationsPct.toFixed(3).padStart(6)} % ${summary.gpuHours.toFixed(2).padStart(7)} GPU-h  ${perDay.join(" ")}`,
  );
  if (values.buckets)
    console.log(
      `    by NY half-hour: ${[...byHalfHour.entries()]
        .sort((a, b) => a[0] - b[0])
        .map(([s, v]) => `${String(Math.floor(s / 2)).padStart(2, "0")}:${s % 2 ? "30" : "00"}=${v}`)
        .join(" ")}`,
    );
}
