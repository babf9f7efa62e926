import type { DemoEvent, DemoSnapshot } from "./DemoEvent";

const bar = (value: number, max: number, width = 30) => {
  const n = Math.max(0, Math.min(width, Math.round((value / Math.max(1e-9, max)) * width)));
  return `${"█".repeat(n)}${"·".repeat(width - n)}`;
};

/** The live terminal view: the current state and the newest decisions, as lines of text. */
export function renderDemoView(s: DemoSnapshot, events: readonly DemoEvent[], maxEvents = 12): string[] {
  const lines = [
    `driftless demo  ${s.elapsedS.toFixed(0).padStart(3)} / ${s.totalS} s   phase: ${s.phase}${s.activeWindow ? `   schedule: ${s.activeWindow}` : ""}`,
    "",
    `offered load     ${s.offeredLoad.toFixed(1).padStart(6)}  concurrent requests sent  ${bar(s.offeredLoad, 60)}`,
    `ongoing requests ${s.ongoing.toFixed(1).padStart(6)}  queued + running in all; ${s.perReplica.toFixed(1)} per running replica (the policy's load, target 10)`,
    `replicas         desired ${s.desired}  running ${s.running}  serving ${s.ready}  loading ${s.starting}  ${bar(s.desired, 6, 12)}`,
    `decided target   ${s.target ?? "-"}${s.pendingDelay ? `   pending: ${s.pendingDelay}` : ""}`,
    "",
    "decisions (newest first):",
  ];
  const shown = events
    .filter((e) => e.from !== e.to || e.source === "demo")
    .slice(-maxEvents)
    .reverse();
  if (shown.length === 0) lines.push("  (none yet: holding)");
  for (const e of shown) {
    const late = e.latenessMs === null ? "" : ` lateness ${e.latenessMs} ms`;
    lines.push(
      `  ${e.atS.toFixed(0).padStart(4)} s  ${e.source.padEnd(5)} ${e.from} -> ${e.to}${e.acted ? " [acted]" : ""}${late}`,
    );
    lines.push(`          ${e.reason}`);
  }
  return lines;
}
