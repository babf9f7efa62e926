/**
 * The baseline table: each run's SLO violations and GPU-hours with their ratios to Ray Serve's and to
 * the oracle's on the same trace (the figures a predictive floor or pending awareness must beat).
 */
import type { RunSummary } from "../sim/report/RunResult";

export interface BaselineRow {
  readonly trace: string;
  readonly system: string;
  readonly policy: string;
  readonly violationsPct: number;
  readonly gpuHours: number;
  /** Ratios to Ray Serve and to the oracle on the same trace (null: that run is missing or is 0). */
  readonly violationsVsRay: number | null;
  readonly gpuHoursVsRay: number | null;
  readonly violationsVsOracle: number | null;
  readonly gpuHoursVsOracle: number | null;
}

/** Ratio rows for `runs` (several traces; each compared with its own trace's ray-serve and oracle runs). */
export function baselineRows(runs: readonly RunSummary[]): BaselineRow[] {
  const find = (trace: string, id: string) => runs.find((r) => r.trace === trace && r.policy === id);
  const ratio = (a: number, b: number | undefined) =>
    b === undefined || b === 0 ? null : Math.round((a / b) * 100) / 100;
  return runs.map((r) => {
    const ray = find(r.trace, "ray-serve");
    const oracle = find(r.trace, "oracle");
    return {
      trace: r.trace,
      system: r.label,
      policy: r.policy,
      violationsPct: r.slo.violationsPct,
      gpuHours: r.gpuHours,
      violationsVsRay: ratio(r.slo.violationsPct, ray?.slo.violationsPct),
      gpuHoursVsRay: ratio(r.gpuHours, ray?.gpuHours),
      violationsVsOracle: ratio(r.slo.violationsPct, oracle?.slo.violationsPct),
      gpuHoursVsOracle: ratio(r.gpuHours, oracle?.gpuHours),
    };
  });
}

export const BASELINE_HEADER = [
  "trace",
  "system",
  "SLO viol %",
  "GPU-h",
  "viol / Ray",
  "GPU-h / Ray",
  "viol / oracle",
  "GPU-h / oracle",
] as const;

const x = (v: number | null) => (v === null ? "-" : `${v.toFixed(2)}x`);

/** A row's cells, in BASELINE_HEADER order. */
export function baselineCells(row: BaselineRow): string[] {
  return [
    row.trace,
    row.system,
    row.violationsPct.toFixed(2),
    row.gpuHours.toFixed(1),
    x(row.violationsVsRay),
    x(row.gpuHoursVsRay),
    x(row.violationsVsOracle),
    x(row.gpuHoursVsOracle),
  ];
}

/** The rows as a plain-text table. */
export function formatBaseline(rows: readonly BaselineRow[]): string {
  const all = [[...BASELINE_HEADER], ...rows.map(baselineCells)];
  const widths = BASELINE_HEADER.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const fmt = (row: string[]) =>
    row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [fmt(all[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...all.slice(1).map(fmt)].join("\n");
}
