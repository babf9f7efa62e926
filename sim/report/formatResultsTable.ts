import type { RunSummary } from "./RunResult";

const secs = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 0) : "inf");
const opt = (x: number | null, digits = 0) => (x === null ? "-" : x.toFixed(digits));

/**
 * The results as a plain-text table, one row per policy and trace: SLO violations, latency
 * percentiles, GPU-hours and cost, scale-out reaction (median seconds from burst onset to desired
 * raised / to that capacity serving), decision lateness, scaling actions (reversals), control-plane
 * calls and cost per target-hour.
 */
export function formatResultsTable(rows: readonly RunSummary[]): string {
  const header = [
    "trace",
    "policy",
    "SLO viol %",
    "p50/p95/p99 s",
    "GPU-h",
    "GPU $",
    "react s (desired/serving)",
    "late s p50/p99/max",
    "actions (rev)",
    "calls/target-h",
    "ctl $/target-h",
  ];
  const lines = rows.map((r) => [
    r.trace,
    r.policy,
    r.slo.violationsPct.toFixed(2),
    `${secs(r.latencyMs.p50)}/${secs(r.latencyMs.p95)}/${secs(r.latencyMs.p99)}`,
    r.gpuHours.toFixed(1),
    r.gpuCost.toFixed(2),
    r.reaction.raised === 0
      ? `- (0/${r.reaction.onsets})`
      : `${opt(r.reaction.desiredMedianS)}/${opt(r.reaction.servingMedianS)} (${r.reaction.raised}/${r.reaction.onsets})`,
    r.lateness
      ? `${r.lateness.p50S.toFixed(1)}/${r.lateness.p99S.toFixed(1)}/${r.lateness.maxS.toFixed(0)}`
      : "-",
    `${r.scalingActions} (${r.reversals})`,
    Object.values(r.controlPlane.callsPerTargetHour)
      .reduce((a, b) => a + b, 0)
      .toFixed(0),
    r.controlPlane.costPerTargetHour.toFixed(4),
  ]);
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const fmt = (row: string[]) =>
    row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(fmt)].join("\n");
}
