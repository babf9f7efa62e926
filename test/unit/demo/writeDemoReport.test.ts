import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { DemoEvent } from "../../../demo/DemoEvent";
import { writeDemoReport } from "../../../demo/writeDemoReport";

const event = (
  atS: number,
  source: DemoEvent["source"],
  from: number,
  to: number,
  latenessMs: number,
): DemoEvent => ({
  atS,
  source,
  from,
  to,
  reason: `scale ${to > from ? "up" : "down"} ${from} -> ${to}`,
  latenessMs,
  acted: true,
});

describe("writeDemoReport", () => {
  it("names the window, splits lateness by source and says who made the first scale-up", () => {
    const dir = mkdtempSync(join(tmpdir(), "driftless-report-"));
    const path = writeDemoReport(dir, {
      window: { name: "batch-window", minReplicas: 3, effectiveFromS: 45, opensAtS: 60, closesAtS: 90 },
      endpoint: "http://127.0.0.1:1",
      durationS: 125,
      interrupted: false,
      events: [event(30, "alarm", 1, 5, 90), event(47, "tick", 5, 6, 7500), event(95, "alarm", 6, 3, 120)],
      timeline: [],
      calls: {},
    });
    const md = readFileSync(path, "utf8");
    expect(md).toContain("| lateness of alarm decisions p50 / max (ms) (count) | 90 / 120 (2) |");
    expect(md).toContain("| lateness of tick decisions p50 / max (ms) (count) | 7500 / 7500 (1) |");
    expect(md).toContain(
      "| first scale-up | 1 -> 5 at +30.0 s by the alarm function, 90 ms after its delay was due |",
    );
    expect(md).toContain("batch-window: min_replicas 3 from +45 s");
    expect(md).toContain(
      "| t (s) | phase | offered load | ongoing per replica | desired | serving | target | schedule window |",
    );
  });
});
