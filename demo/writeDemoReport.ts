import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DemoEvent, DemoSnapshot } from "./DemoEvent";

export interface DemoReport {
  readonly endpoint: string;
  readonly durationS: number;
  readonly interrupted: boolean;
  readonly events: readonly DemoEvent[];
  readonly timeline: readonly DemoSnapshot[];
  readonly calls: Readonly<Record<string, number>>;
}

const pct = (xs: number[], p: number) => {
  if (xs.length === 0) return null;
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? null;
};

/** Writes `report.md` (readable) and `report.json` (everything) into `dir`; returns the Markdown path. */
export function writeDemoReport(dir: string, report: DemoReport): string {
  mkdirSync(dir, { recursive: true });
  const changes = report.events.filter((e) => e.from !== e.to);
  const lateness = changes.flatMap((e) => (e.latenessMs === null ? [] : [e.latenessMs]));
  const calls = Object.entries(report.calls).sort(([a], [b]) => a.localeCompare(b));
  const peak = Math.max(0, ...report.timeline.map((t) => t.desired));
  const md = [
    "# driftless demo report",
    "",
    `Endpoint ${report.endpoint}; ${report.durationS.toFixed(0)} s${report.interrupted ? " (interrupted)" : ""}.`,
    "",
    "## Figures",
    "",
    "| figure | value |",
    "|---|---|",
    `| decisions that changed the target | ${changes.length} |`,
    `| decisions in all (ticks and alarms) | ${report.events.length} |`,
    `| peak desired replicas | ${peak} |`,
    `| decision lateness p50 / max (ms) | ${pct(lateness, 50) ?? "-"} / ${lateness.length ? Math.max(...lateness) : "-"} |`,
    `| AWS calls | ${calls.reduce((n, [, v]) => n + v, 0)} |`,
    "",
    "## Scaling decisions",
    "",
    "| at (s) | source | change | lateness (ms) | reason |",
    "|---|---|---|---|---|",
    ...changes.map(
      (e) =>
        `| ${e.atS.toFixed(1)} | ${e.source} | ${e.from} -> ${e.to}${e.acted ? " (acted)" : ""} | ${e.latenessMs ?? "-"} | ${e.reason.replaceAll("|", "/")} |`,
    ),
    "",
    "## AWS calls by operation",
    "",
    "| operation | calls |",
    "|---|---|",
    ...calls.map(([k, v]) => `| ${k} | ${v} |`),
    "",
    "## Timeline (every 5 s)",
    "",
    "| t (s) | phase | offered load | ongoing | desired | serving | target |",
    "|---|---|---|---|---|---|---|",
    ...report.timeline
      .filter((_, i) => i % 5 === 0)
      .map(
        (t) =>
          `| ${t.elapsedS.toFixed(0)} | ${t.phase} | ${t.offeredLoad.toFixed(1)} | ${t.ongoing.toFixed(1)} | ${t.desired} | ${t.ready} | ${t.target ?? "-"} |`,
      ),
    "",
  ].join("\n");
  const path = join(dir, "report.md");
  writeFileSync(path, md);
  writeFileSync(join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
