import { describe, expect, it } from "vitest";
import { parseTraceFile } from "../../sim/traces/parseTraceFile";

describe("user trace files", () => {
  it("reads CSV: header, comments, seconds after the start, linear between rows", () => {
    const parsed = parseTraceFile("# a burst\ntime,rps\n0,0.1\n600,0.1\n630,1\n1200,1\n", "burst.csv");
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.trace.name).toBe("burst");
    expect(parsed.trace.durationS).toBe(1200);
    expect(parsed.trace.rate).toEqual([
      { t: 0, rps: 0.1 },
      { t: 600, rps: 0.1 },
      { t: 630, rps: 1 },
      { t: 1200, rps: 1 },
    ]);
    // The rate at least doubles within 2 minutes from 600 s: a burst onset for the reaction figures.
    expect(parsed.trace.onsets).toEqual([600]);
  });

  it("reads JSON with ISO times, taking the first as the start, and options", () => {
    const parsed = parseTraceFile(
      JSON.stringify({
        name: "day",
        slo_ms: 1500,
        duration_s: 7200,
        timezone: "America/New_York",
        points: [
          { t: "2026-06-02T13:00:00Z", rps: 0.2 },
          { t: "2026-06-02T14:00:00Z", rps: 0.4 },
        ],
      }),
      "x.json",
    );
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    expect(parsed.trace.start).toBe(Date.UTC(2026, 5, 2, 13) / 1000);
    expect(parsed.trace.rate).toEqual([
      { t: 0, rps: 0.2 },
      { t: 3600, rps: 0.4 },
      { t: 7200, rps: 0.4 },
    ]);
    expect(parsed.trace.slo).toEqual({ metric: "ttft", targetMs: 1500 });
    expect(parsed.trace.timezone).toBe("America/New_York");
  });

  it("reads a bare JSON array of points", () => {
    const parsed = parseTraceFile('[{"t": 0, "rps": 1}, {"t": 60, "rps": 2}]', "a.json");
    expect(parsed.ok && parsed.trace.durationS).toBe(60);
  });

  it("reports every problem with where it is", () => {
    const csv = parseTraceFile("time,rps\n0,1\n10,x\n20\n", "bad.csv");
    expect(csv.ok ? [] : csv.problems).toEqual([
      { path: "line 3", message: 'rps "x" is not a number' },
      { path: "line 4", message: "expected 2 columns (time,rps), found 1" },
    ]);
    const json = parseTraceFile(
      '{"points": [{"t": 10, "rps": 1}, {"t": 5, "rps": -1}], "colour": 1}',
      "bad.json",
    );
    expect(json.ok ? [] : json.problems.map((p) => p.path)).toEqual([
      "$.points[1].rps",
      "$.colour",
      // Listed with the schema's problems, not after them are fixed.
      "$.points[1].t",
    ]);
    const order = parseTraceFile('[{"t": 10, "rps": 1}, {"t": 5, "rps": 1}]', "o.json");
    expect(order.ok ? [] : order.problems).toEqual([
      { path: "$.points[1].t", message: "goes back in time (5 < 10)" },
    ]);
  });
});
