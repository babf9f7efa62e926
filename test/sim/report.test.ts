import { describe, expect, it } from "vitest";
import { ASSUMPTIONS } from "../../sim/report/ASSUMPTIONS";
import { escapeHtml } from "../../sim/report/escapeHtml";
import { formatJson } from "../../sim/report/formatJson";
import { formatColumnLegend, formatResultsTable } from "../../sim/report/formatResultsTable";
import { PRICE_LINES } from "../../sim/report/PRICES";
import { RESULT_COLUMNS } from "../../sim/report/RESULT_COLUMNS";
import { renderReportHtml } from "../../sim/report/renderReportHtml";
import { runComparison } from "../../sim/runComparison";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

describe("reports", () => {
  it("render a self-contained page: inline SVG charts, no scripts, nothing fetched", async () => {
    const trace = tinyTrace(
      [
        { t: 0, rps: 2 },
        { t: 900, rps: 30 },
      ],
      1800,
      fixedStage(),
    );
    const outcome = await runComparison(trace, [{ name: "p", policy: rayFields() }], {
      seed: 1,
      peers: ["ray-serve", "fixed"],
    });
    if (!outcome.ok) throw new Error("invalid");
    const html = renderReportHtml({
      title: "t",
      command: "driftless simulate",
      seed: 1,
      sections: [{ trace, results: outcome.results }],
      assumptions: ASSUMPTIONS,
      prices: PRICE_LINES,
    });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(6);
    expect(html).not.toMatch(/<script|<link|<img|src=|@import|url\(/i);
    // Links only within the page.
    expect(html.match(/href="[^"]*"/g)?.every((h) => h.startsWith('href="#')) ?? true).toBe(true);
    // The only URL is the SVG namespace, which is an identifier, never fetched.
    expect(html.match(/https?:\/\/[^"]+/g)?.every((u) => u === "http://www.w3.org/2000/svg")).toBe(true);
    const table = formatResultsTable(outcome.results.map((r) => r.summary));
    expect(table.split("\n")).toHaveLength(5);
    expect(table).toMatch(/driftless \(p\)/);
  });

  it("draw GPUs, the policy's schedule windows and the time zone, and explain every column", async () => {
    const trace = tinyTrace(
      [
        { t: 0, rps: 2 },
        { t: 7200, rps: 2 },
      ],
      7200,
      fixedStage(),
    );
    const policy = rayFields({
      schedules: [
        { name: "night-shift", start: "30 0 * * *", end: "0 1 * * *", overrides: { min_replicas: 2 } },
      ],
    });
    const outcome = await runComparison(trace, [{ name: "p", policy }], { seed: 1, peers: ["ray-serve"] });
    if (!outcome.ok) throw new Error("invalid");
    const [driftless, ray] = outcome.results;
    // 00:30-01:00 UTC on the trace's day: minutes 30 to 60.
    expect(driftless!.series.windows).toEqual([{ name: "night-shift", fromMinute: 30, toMinute: 60 }]);
    expect(ray!.series.windows).toEqual([]);
    expect(driftless!.series.gpus[0]).toBe(1);
    expect(Math.max(...driftless!.series.gpus)).toBeGreaterThanOrEqual(2);
    const html = renderReportHtml({
      title: "t",
      command: "driftless simulate",
      seed: 1,
      sections: [{ trace, results: outcome.results }],
      assumptions: ASSUMPTIONS,
      prices: PRICE_LINES,
    });
    expect(html).toContain("window night-shift");
    expect(html).toContain("times: UTC");
    expect(html).toContain("GPUs running");
    for (const c of RESULT_COLUMNS)
      expect(html).toContain(`<th title="${escapeHtml(c.legend)}">${escapeHtml(c.header)}</th>`);
    expect(formatColumnLegend().split("\n")).toHaveLength(RESULT_COLUMNS.length + 1);
    expect(PRICE_LINES.join(" ")).toMatch(/Lambda \(arm64, as deployed\)/);
  });

  it("write JSON that parses back to the same values (non-finite numbers as null)", () => {
    const value = {
      a: [1, 2.5, null],
      b: { c: "x", d: [] },
      e: Number.POSITIVE_INFINITY,
      long: Array.from({ length: 60 }, (_, i) => i),
    };
    expect(JSON.parse(formatJson(value))).toEqual({ ...value, e: null });
  });
});
