import { z } from "zod";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { zodProblems } from "../../shared/errors/zodProblems";
import { detectOnsets } from "./detectOnsets";
import { GPU_INSTANCE, LLM_STAGE } from "./llmStage";
import { MARKET_DAY_START } from "./marketHoursTrace";
import { isRequestCsvHeader, isRequestJson, parseRequestCsv, parseRequestJson } from "./parseRequestLog";
import type { RatePoint, Trace } from "./Trace";
import { TRACE_FILE_FIELDS, traceTimeValue } from "./traceFileFields";

const PointSchema = z.strictObject({ t: traceTimeValue, rps: z.number().min(0).max(1e6) });
const TraceFileSchema = z.strictObject({
  ...TRACE_FILE_FIELDS,
  onsets: z.array(z.number().min(0)).optional(),
  points: z.array(PointSchema).min(1).max(1_000_000),
});

export type TraceFileResult =
  | { readonly ok: true; readonly trace: Trace }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/**
 * Reads a user trace. Request logs (one row per request, replayed as they are): the Azure LLM inference
 * trace CSV as published (`TIMESTAMP,ContextTokens,GeneratedTokens`) or the generic CSV/JSON
 * (`t,input_tokens,output_tokens`; see parseRequestLog). Rate traces: CSV (`time,rps` rows, optional header, `#` comments) or JSON (an array of
 * `{"t", "rps"}` points, or an object with `points` and optional `name`, `start`, `duration_s`,
 * `timezone`, `slo_ms`, `onsets`). A time is seconds after the start or an ISO-8601 instant (then the
 * first point's instant is the start unless `start` says otherwise). Rates are linearly interpolated
 * between points; times must not decrease. Never throws: every problem comes back with its location.
 */
export function parseTraceFile(text: string, fileName: string): TraceFileResult {
  const trimmed = text.trim();
  let raw: unknown;
  if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
    try {
      raw = JSON.parse(trimmed);
    } catch (error) {
      return { ok: false, problems: [{ path: "$", message: `not valid JSON: ${(error as Error).message}` }] };
    }
    if (isRequestJson(raw)) return parseRequestJson(raw, fileName);
    if (Array.isArray(raw)) raw = { points: raw };
  } else {
    if (isRequestCsvHeader(firstRow(trimmed))) return parseRequestCsv(trimmed, fileName);
    const csv = parseCsv(trimmed);
    if (!csv.ok) return csv;
    raw = { points: csv.points };
  }
  const parsed = TraceFileSchema.safeParse(raw);
  // Every problem at once: the schema's, and times going back among the points it could read.
  if (!parsed.success)
    return { ok: false, problems: [...zodProblems(parsed.error), ...rawOrderProblems(raw)] };
  const spec = parsed.data;
  const firstIso = spec.points.find((p) => typeof p.t === "string")?.t as string | undefined;
  const start =
    spec.start !== undefined
      ? Date.parse(spec.start) / 1000
      : firstIso !== undefined
        ? Date.parse(firstIso) / 1000
        : MARKET_DAY_START;
  const rate: RatePoint[] = spec.points.map((p) => ({
    t: typeof p.t === "number" ? p.t : Date.parse(p.t) / 1000 - start,
    rps: p.rps,
  }));
  const problems: ValidationProblem[] = [];
  rate.forEach((p, i) => {
    if (p.t < 0) problems.push({ path: `$.points[${i}].t`, message: "is before the trace's start" });
    const prev = rate[i - 1];
    if (prev && p.t < prev.t)
      problems.push({ path: `$.points[${i}].t`, message: `goes back in time (${p.t} < ${prev.t})` });
  });
  const last = rate[rate.length - 1]!;
  const durationS = spec.duration_s ?? last.t;
  if (!(durationS > 0))
    problems.push({
      path: "$.duration_s",
      message: "the trace covers no time: give duration_s or a later point",
    });
  if (problems.length > 0) return { ok: false, problems };
  // A rate held after the last point keeps a trace with duration_s beyond it well defined.
  if (last.t < durationS) rate.push({ t: durationS, rps: last.rps });
  return {
    ok: true,
    trace: {
      name: spec.name ?? fileName.replace(/^.*[\\/]/, "").replace(/\.(csv|json)$/i, ""),
      description: spec.description ?? `user trace ${fileName}`,
      start,
      durationS,
      timezone: spec.timezone ?? "UTC",
      rate,
      onsets: spec.onsets ?? detectOnsets(rate),
      slo: { metric: "ttft", targetMs: spec.slo_ms ?? 2000 },
      stages: [LLM_STAGE],
      instance: GPU_INSTANCE,
    },
  };
}

function parseCsv(
  text: string,
):
  | { ok: true; points: { t: number | string; rps: number }[] }
  | { ok: false; problems: ValidationProblem[] } {
  const points: { t: number | string; rps: number }[] = [];
  const problems: ValidationProblem[] = [];
  const lines = text.split(/\r?\n/);
  let lastT = Number.NEGATIVE_INFINITY;
  for (const [i, line] of lines.entries()) {
    const row = line.trim();
    if (row === "" || row.startsWith("#")) continue;
    const cells = row.split(",").map((c) => c.trim());
    if (points.length === 0 && problems.length === 0 && /[a-z]/i.test(cells[1] ?? "")) continue; // header
    if (cells.length !== 2) {
      problems.push({
        path: `line ${i + 1}`,
        message: `expected 2 columns (time,rps), found ${cells.length}`,
      });
      continue;
    }
    const [time, rps] = cells as [string, string];
    const t = /^[0-9.eE+-]+$/.test(time) ? Number(time) : time;
    const r = Number(rps);
    if (typeof t === "number" && !Number.isFinite(t))
      problems.push({ path: `line ${i + 1}`, message: `time "${time}" is not a number` });
    else if (!Number.isFinite(r))
      problems.push({ path: `line ${i + 1}`, message: `rps "${rps}" is not a number` });
    else if (r < 0) problems.push({ path: `line ${i + 1}`, message: `rps ${r} is negative` });
    else {
      if (typeof t === "number" && t < lastT)
        problems.push({ path: `line ${i + 1}`, message: `goes back in time (${t} < ${lastT})` });
      if (typeof t === "number") lastT = t;
      points.push({ t, rps: r });
    }
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, points };
}

/** The first row that is not blank or a comment, split into cells. */
function firstRow(text: string): string[] {
  for (const line of text.split(/\r?\n/)) {
    const row = line.trim();
    if (row !== "" && !row.startsWith("#")) return row.split(",");
  }
  return [];
}

/** `$.points[i].t` problems where a numeric time is earlier than the one before (raw, unvalidated input). */
function rawOrderProblems(raw: unknown): ValidationProblem[] {
  const points = (raw as { points?: unknown } | null)?.points;
  if (!Array.isArray(points)) return [];
  const out: ValidationProblem[] = [];
  let last = Number.NEGATIVE_INFINITY;
  points.forEach((p, i) => {
    const t = (p as { t?: unknown } | null)?.t;
    if (typeof t !== "number") return;
    if (t < last) out.push({ path: `$.points[${i}].t`, message: `goes back in time (${t} < ${last})` });
    last = t;
  });
  return out;
}
