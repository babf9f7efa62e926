import { escapeHtml as esc } from "./escapeHtml";
import { RESULT_COLUMNS } from "./RESULT_COLUMNS";
import type { ReportInput, ReportSection } from "./ReportInput";
import type { RunSummary } from "./RunResult";
import { svgChart } from "./svgChart";

const COLORS = {
  load: "#9aa5b1",
  desired: "#e67e22",
  serving: "#1f77b4",
  latency: "#7b3fa0",
  slo: "#d62728",
  gpus: "#2ca02c",
};

/**
 * The benchmark report as one self-contained HTML page (inline CSS and SVG, no scripts, nothing
 * fetched), readable offline: goals, the results table, per trace and policy the load with desired
 * and serving replicas and the p95 latency per minute against the SLO, the Ray pre-fix sweep, the
 * simulator's speed, prices and assumptions.
 */
export function renderReportHtml(input: ReportInput): string {
  const body: string[] = [];
  body.push(`<h1>${esc(input.title)}</h1>`);
  body.push(
    `<p class="meta">Reproduce: <code>${esc(input.command)}</code> &middot; seed ${input.seed} &middot; virtual time, deterministic: the same seed gives the same figures.</p>`,
  );
  if (input.sections.length > 1)
    body.push(
      `<p class="meta">Traces: ${input.sections.map((s) => `<a href="#trace-${esc(s.trace.name)}">${esc(s.trace.name)}</a>`).join(" &middot; ")}</p>`,
    );
  if (input.goals && input.goals.length > 0) {
    body.push(
      '<h2>Goals</h2><table class="goals"><thead><tr><th>goal</th><th>measured</th><th>met</th><th>why</th></tr></thead><tbody>',
    );
    for (const g of input.goals)
      body.push(
        `<tr><td>${esc(g.goal)}</td><td>${esc(g.measured)}</td><td class="${g.met ? "ok" : "miss"}">${g.met ? "met" : "missed"}</td><td>${esc(g.why ?? "")}</td></tr>`,
      );
    body.push("</tbody></table>");
  }
  if (input.sections.length > 1) {
    body.push("<h2>Results</h2>");
    body.push(resultsTable(input.sections.flatMap((s) => s.results.map((r) => r.summary))));
  }
  for (const section of input.sections) body.push(renderSection(section));
  body.push(columnLegend());
  if (input.sweep) {
    const s = input.sweep;
    body.push(
      `<h2>Ray Serve before the delay fix: delays stretch with loop overhead (${esc(s.trace)})</h2><p>Each controller iteration lasts 0.1 s plus an overhead of 10 ms + the per-request cost below for every ongoing request; the delay counts iterations, so upscale_delay_s ${s.upscaleDelayS} s becomes longer exactly when the load is high.</p>`,
    );
    body.push(
      "<table><thead><tr><th>overhead per ongoing request</th><th>iteration at 40 ongoing</th><th>scale-up fired after (median / max)</th><th>SLO violations</th><th>burst to capacity serving (median)</th></tr></thead><tbody>",
    );
    for (const r of s.rows)
      body.push(
        `<tr><td>${r.perRequestMs} ms</td><td>${r.iterationAt40S.toFixed(2)} s</td><td>${opt(r.upscaleMedianS)} / ${opt(r.upscaleMaxS)} s</td><td>${r.violationsPct.toFixed(2)} %</td><td>${opt(r.servingMedianS)} s</td></tr>`,
      );
    body.push("</tbody></table>");
  }
  for (const t of input.tables ?? []) {
    body.push(`<h2>${esc(t.title)}</h2><p>${esc(t.intro)}</p><table><thead><tr>`);
    body.push(`${t.header.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>`);
    for (const row of t.rows) body.push(`<tr>${row.map((c) => `<td>${esc(c)}</td>`).join("")}</tr>`);
    body.push("</tbody></table>");
  }
  if (input.speed && input.speed.length > 0) {
    body.push(
      "<h2>Simulator speed (market-hours, simulated days per CPU-second and per wall-clock second)</h2><table><tbody>",
    );
    for (const s of input.speed)
      body.push(
        `<tr><td>${esc(s.policy)}</td><td>${s.daysPerCpuSecond.toFixed(2)} days/CPU-s</td><td>${s.daysPerSecond.toFixed(2)} days/s wall</td></tr>`,
      );
    body.push("</tbody></table>");
  }
  body.push("<h2>Prices</h2><ul>");
  for (const line of input.prices) body.push(`<li>${esc(line)}</li>`);
  body.push("</ul>");
  body.push("<h2>Modelling assumptions</h2><ul>");
  for (const a of input.assumptions) body.push(`<li>${esc(a)}</li>`);
  body.push("</ul>");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${esc(input.title)}</title>
<style>
body { font: 13px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; margin: 24px; color: #222; max-width: 1320px; }
h1 { font-size: 22px; } h2 { font-size: 17px; margin-top: 28px; border-bottom: 1px solid #ddd; } h3 { font-size: 14px; margin: 18px 0 4px; }
table { border-collapse: collapse; margin: 6px 0 12px; font-size: 12px; } th, td { border: 1px solid #ddd; padding: 2px 6px; text-align: right; white-space: nowrap; }
th { white-space: normal; vertical-align: bottom; }
th { background: #f6f6f6; } td:first-child, td:nth-child(2), th:first-child { text-align: left; }
td.ok { color: #1a7f37; font-weight: 600; } td.miss { color: #cf222e; font-weight: 600; }
table.goals td, table.legend td { text-align: left; white-space: normal; vertical-align: top; max-width: 820px; }
.meta { color: #555; } code { background: #f3f3f3; padding: 1px 4px; }
.row { display: flex; gap: 8px; align-items: flex-start; } .policy { font-weight: 600; margin-top: 10px; }
svg { background: #fff; } .tick { font-size: 10px; fill: #555; } .ctitle { font-size: 11px; font-weight: 600; fill: #222; }
</style>
</head>
<body>
${body.join("\n")}
</body>
</html>
`;
}

function renderSection(section: ReportSection): string {
  const { trace, results } = section;
  const out: string[] = [];
  out.push(
    `<h2 id="trace-${esc(trace.name)}">Trace ${esc(trace.name)}</h2><p>${esc(trace.description)}. SLO: ${trace.slo.metric === "ttft" ? "time to first token" : "end-to-end latency"} &le; ${trace.slo.targetMs} ms.</p>`,
  );
  out.push(resultsTable(results.map((r) => r.summary)));
  const from = section.chartWindow?.fromMinute ?? 0;
  const to = section.chartWindow?.toMinute ?? Math.ceil(trace.durationS / 60);
  const minutes = to - from;
  const cut = <T>(values: readonly T[]) => values.slice(from, to);
  const start = trace.start + from * 60;
  if (section.chartWindow)
    out.push(
      `<p class="meta">Charts show ${clock(start, trace.timezone)}-${clock(trace.start + to * 60, trace.timezone)} (${esc(trace.timezone)}); the figures cover the whole trace.</p>`,
    );
  // A loop, not Math.max(...values): a multi-day chart of many runs has more values than a call has arguments.
  const maxRps = maxOf(
    0.01,
    results.flatMap((r) => cut(r.series.rps)),
  );
  const maxReplicas = maxOf(
    1,
    results.flatMap((r) => [...cut(r.series.desired), ...cut(r.series.serving), ...cut(r.series.gpus)]),
  );
  const finite = results.flatMap((r) =>
    cut(r.series.latencyP95Ms).filter((v): v is number => v !== null && Number.isFinite(v)),
  );
  const maxLatency = 10 ** Math.ceil(Math.log10(maxOf(trace.slo.targetMs * 2, finite)));
  for (const r of results) {
    out.push(
      `<div class="policy">${esc(r.summary.label)} <span class="meta">(${esc(r.summary.policy)})</span></div><div class="row">`,
    );
    out.push(
      svgChart({
        title: "load and replicas",
        width: 660,
        height: 170,
        start,
        timezone: trace.timezone,
        minutes,
        left: { label: "replicas / GPUs", max: Math.ceil(maxReplicas * 1.1) },
        bands: r.series.windows.map((w) => ({
          fromMinute: w.fromMinute - from,
          toMinute: w.toMinute - from,
          label: `window ${w.name}`,
        })),
        right: { label: "requests/s", max: niceMax(maxRps) },
        series: [
          {
            label: "arrivals/s",
            values: cut(r.series.rps),
            color: COLORS.load,
            axis: "right",
            style: "area",
            merge: "mean",
          },
          {
            label: "desired",
            values: cut(r.series.desired),
            color: COLORS.desired,
            style: "step",
            dash: "5 3",
            merge: "max",
          },
          {
            label: "serving",
            values: cut(r.series.serving),
            color: COLORS.serving,
            style: "step",
            merge: "last",
          },
          {
            label: "GPUs running",
            values: cut(r.series.gpus),
            color: COLORS.gpus,
            style: "step",
            dash: "2 2",
            merge: "max",
          },
        ],
      }),
    );
    out.push(
      svgChart({
        title: `${trace.slo.metric === "ttft" ? "TTFT" : "latency"} p95 per minute`,
        width: 640,
        height: 170,
        start,
        timezone: trace.timezone,
        minutes,
        left: { label: "seconds (log)", max: maxLatency / 1000, logMin: 0.1 },
        series: [
          {
            label: "p95",
            values: cut(r.series.latencyP95Ms).map((v) =>
              v === null ? null : Number.isFinite(v) ? v / 1000 : maxLatency / 1000,
            ),
            color: COLORS.latency,
            merge: "max",
          },
        ],
        hlines: [
          {
            value: trace.slo.targetMs / 1000,
            color: COLORS.slo,
            label: `SLO ${trace.slo.targetMs / 1000} s`,
          },
        ],
      }),
    );
    out.push("</div>");
  }
  return out.join("\n");
}

function resultsTable(rows: readonly RunSummary[]): string {
  const head = RESULT_COLUMNS.map((c) => `<th title="${esc(c.legend)}">${esc(c.header)}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${RESULT_COLUMNS.map((c) => `<td>${esc(c.cell(r))}</td>`).join("")}</tr>`)
    .join("");
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

/** What each column of the results tables means (the same legend `simulate` prints). */
function columnLegend(): string {
  return `<h2>Columns</h2><table class="legend"><tbody>${RESULT_COLUMNS.map(
    (c) => `<tr><td>${esc(c.header)}</td><td>${esc(c.legend)}</td></tr>`,
  ).join("")}</tbody></table>`;
}

function clock(epoch: number, timezone: string): string {
  return new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit" }).format(
    new Date(epoch * 1000),
  );
}

const opt = (x: number | null) => (x === null ? "-" : x.toFixed(0));

function niceMax(v: number): number {
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/** The largest of `floor` and `values`. */
function maxOf(floor: number, values: readonly number[]): number {
  let max = floor;
  for (const v of values) if (v > max) max = v;
  return max;
}
