import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { DemoEvent, DemoSnapshot } from "./DemoEvent";

/** The demo's schedule window, in seconds from the demo's start. */
export interface DemoWindow {
  readonly name: string;
  readonly minReplicas: number;
  /** When it takes effect: lead_time_s before it opens (ready_at_start). */
  readonly effectiveFromS: number;
  readonly opensAtS: number;
  readonly closesAtS: number;
}

export interface DemoReport {
  readonly window: DemoWindow | null;
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
  const latenessBy = (source: DemoEvent["source"]) => {
    const xs = changes
      .filter((e) => e.source === source && e.latenessMs !== null)
      .map((e) => e.latenessMs ?? 0);
    return xs.length === 0 ? "-" : `${pct(xs, 50)} / ${Math.max(...xs)} (${xs.length})`;
  };
  const firstUp = changes.find((e) => e.to > e.from);
  const w = report.window;
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
    `| lateness of alarm decisions p50 / max (ms) (count) | ${latenessBy("alarm")} |`,
    `| lateness of tick decisions p50 / max (ms) (count) | ${latenessBy("tick")} |`,
    `| first scale-up | ${firstUp ? `${firstUp.from} -> ${firstUp.to} at +${firstUp.atS.toFixed(1)} s by the ${firstUp.source} function, ${firstUp.latenessMs ?? "-"} ms after its delay was due` : "none"} |`,
    `| AWS calls | ${calls.reduce((n, [, v]) => n + v, 0)} |`,
    "",
    "Lateness is decision time minus the time the policy meant the change (the delay's deadline, the",
    "window's effective start). An alarm invocation sleeps to the deadline, so its decisions land within",
    "about a second of it; a tick's land at its next round, within one evaluation interval",
    "(DRIFTLESS_EVALUATION_INTERVAL_S, 10 s) of it.",
    "",
    "## Schedule window",
    "",
    w
      ? `${w.name}: min_replicas ${w.minReplicas} from +${w.effectiveFromS.toFixed(0)} s (ready_at_start: its lead before it opens at +${w.opensAtS.toFixed(0)} s) until it closes at +${w.closesAtS.toFixed(0)} s.`
      : "none",
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
    "offered load: concurrent requests the clients send; ongoing per replica: queued + running requests per",
    "running replica (the policy's load, target 10); desired: ECS desired count; serving: replicas with the model loaded.",
    "",
    "| t (s) | phase | offered load | ongoing per replica | desired | serving | target | schedule window |",
    "|---|---|---|---|---|---|---|---|",
    ...report.timeline
      .filter((_, i) => i % 5 === 0)
      .map(
        (t) =>
          `| ${t.elapsedS.toFixed(0)} | ${t.phase} | ${t.offeredLoad.toFixed(1)} | ${t.perReplica.toFixed(1)} | ${t.desired} | ${t.ready} | ${t.target ?? "-"} | ${t.activeWindow ?? "-"} |`,
      ),
    "",
  ].join("\n");
  const path = join(dir, "report.md");
  writeFileSync(path, md);
  writeFileSync(join(dir, "report.json"), `${JSON.stringify(report, null, 2)}\n`);
  return path;
}
