import { RESULT_COLUMNS } from "./RESULT_COLUMNS";
import type { RunSummary } from "./RunResult";

/**
 * The results as a plain-text table, one row per system and trace, with the columns of
 * RESULT_COLUMNS (SLO violations, latency percentiles, GPU-hours and cost, stopped instances,
 * scale-out reaction, decision lateness, scaling actions, control-plane calls and cost).
 */
export function formatResultsTable(rows: readonly RunSummary[]): string {
  const header = RESULT_COLUMNS.map((c) => c.header);
  const lines = rows.map((r) => RESULT_COLUMNS.map((c) => c.cell(r)));
  const all = [header, ...lines];
  const widths = header.map((_, c) => Math.max(...all.map((row) => row[c]!.length)));
  const fmt = (row: string[]) =>
    row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join("  ");
  return [fmt(header), widths.map((w) => "-".repeat(w)).join("  "), ...lines.map(fmt)].join("\n");
}

/** What each column of the results table means, one line each. */
export function formatColumnLegend(): string {
  const width = Math.max(...RESULT_COLUMNS.map((c) => c.header.length));
  return ["columns:", ...RESULT_COLUMNS.map((c) => `  ${c.header.padEnd(width)}  ${c.legend}`)].join("\n");
}
