import { z } from "zod";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { zodProblems } from "../../shared/errors/zodProblems";
import { detectOnsets } from "./detectOnsets";
import { GPU_INSTANCE, TOKEN_LLM_STAGE } from "./llmStage";
import { MARKET_DAY_START } from "./marketHoursTrace";
import type { RatePoint, RequestLog, Trace } from "./Trace";
import { TRACE_FILE_FIELDS, traceTimeValue } from "./traceFileFields";

/** One request of a log: when it arrived (epoch seconds, or seconds after the start) and its tokens. */
interface LoggedRequest {
  readonly at: number;
  readonly absolute: boolean;
  readonly input: number;
  readonly output: number;
}

export type RequestLogResult =
  | { readonly ok: true; readonly trace: Trace }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/** Column names of the request CSVs: the Azure LLM inference trace as published, and the generic one. */
const AZURE_COLUMNS = { time: "timestamp", input: "contexttokens", output: "generatedtokens" } as const;
const GENERIC_COLUMNS = { time: "t", input: "input_tokens", output: "output_tokens" } as const;

/** Whether a CSV header row names a request log (Azure's or the generic columns) rather than rates. */
export function isRequestCsvHeader(cells: readonly string[]): boolean {
  const names = new Set(cells.map((c) => c.trim().toLowerCase()));
  return [AZURE_COLUMNS, GENERIC_COLUMNS].some((c) => names.has(c.input) && names.has(c.output));
}

/**
 * Reads a request log CSV: the Azure LLM inference trace as published
 * (`TIMESTAMP,ContextTokens,GeneratedTokens`, times like `2023-11-16 18:17:03.9799600`, UTC) or the
 * generic `t,input_tokens,output_tokens` (`t` in seconds after the start, or ISO-8601), columns in any
 * order, `#` comments. The first request's instant is the start when times are absolute. Every bad
 * row is reported with its line and column; nothing is dropped silently.
 */
export function parseRequestCsv(text: string, fileName: string): RequestLogResult {
  const lines = text.split(/\r?\n/);
  const problems: ValidationProblem[] = [];
  const requests: LoggedRequest[] = [];
  let columns: { time: number; input: number; output: number; count: number } | null = null;
  let azure = false;
  for (const [i, line] of lines.entries()) {
    const row = line.trim();
    if (row === "" || row.startsWith("#")) continue;
    const cells = row.split(",").map((c) => c.trim());
    if (columns === null) {
      const names = cells.map((c) => c.toLowerCase());
      azure = names.includes(AZURE_COLUMNS.input);
      const want = azure ? AZURE_COLUMNS : GENERIC_COLUMNS;
      const index = (name: string) => names.indexOf(name);
      columns = {
        time: index(want.time),
        input: index(want.input),
        output: index(want.output),
        count: cells.length,
      };
      for (const [key, at] of Object.entries({
        time: columns.time,
        input: columns.input,
        output: columns.output,
      }))
        if (at < 0)
          problems.push({
            path: `line ${i + 1}`,
            message: `the header has no "${want[key as keyof typeof want]}" column (${azure ? "TIMESTAMP,ContextTokens,GeneratedTokens" : "t,input_tokens,output_tokens"})`,
          });
      if (problems.length > 0) return { ok: false, problems };
      continue;
    }
    const where = `line ${i + 1}`;
    if (cells.length !== columns.count) {
      problems.push({ path: where, message: `expected ${columns.count} columns, found ${cells.length}` });
      continue;
    }
    const time = readTime(cells[columns.time]!, azure);
    const input = readTokens(cells[columns.input]!);
    const output = readTokens(cells[columns.output]!);
    const names = azure ? AZURE_COLUMNS : GENERIC_COLUMNS;
    if (time === null)
      problems.push({ path: `${where} (${names.time})`, message: `"${cells[columns.time]}" is not a time` });
    if (input === null)
      problems.push({
        path: `${where} (${names.input})`,
        message: `"${cells[columns.input]}" is not a whole number of tokens >= 0`,
      });
    if (output === null)
      problems.push({
        path: `${where} (${names.output})`,
        message: `"${cells[columns.output]}" is not a whole number of tokens >= 0`,
      });
    if (time !== null && input !== null && output !== null) requests.push({ ...time, input, output });
  }
  if (columns === null) problems.push({ path: "$", message: "the file has no header and no requests" });
  if (problems.length > 0) return { ok: false, problems };
  return buildTrace(requests, { name: baseName(fileName), description: `request log ${fileName}` });
}

const tokenCount = z.number().int().min(0).max(10_000_000);
const RequestSchema = z.strictObject({
  t: traceTimeValue,
  input_tokens: tokenCount,
  output_tokens: tokenCount,
});
const RequestFileSchema = z.strictObject({
  ...TRACE_FILE_FIELDS,
  requests: z.array(RequestSchema).min(1).max(5_000_000),
});

/** Whether parsed JSON is a request log (`{"requests": [...]}` or an array of requests). */
export function isRequestJson(raw: unknown): boolean {
  if (Array.isArray(raw)) {
    const first = raw[0] as Record<string, unknown> | undefined;
    return first !== null && typeof first === "object" && "input_tokens" in first;
  }
  return raw !== null && typeof raw === "object" && "requests" in raw;
}

/**
 * Reads a generic JSON request log: an array of `{"t", "input_tokens", "output_tokens"}` or an object
 * with `requests` and optional `name`, `description`, `start`, `duration_s`, `timezone`, `slo_ms`.
 */
export function parseRequestJson(raw: unknown, fileName: string): RequestLogResult {
  const parsed = RequestFileSchema.safeParse(Array.isArray(raw) ? { requests: raw } : raw);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error) };
  const spec = parsed.data;
  const requests = spec.requests.map((r) => ({
    at: typeof r.t === "number" ? r.t : Date.parse(r.t) / 1000,
    absolute: typeof r.t === "string",
    input: r.input_tokens,
    output: r.output_tokens,
  }));
  return buildTrace(requests, {
    name: spec.name ?? baseName(fileName),
    description: spec.description ?? `request log ${fileName}`,
    ...(spec.start === undefined ? {} : { start: Date.parse(spec.start) / 1000 }),
    ...(spec.duration_s === undefined ? {} : { durationS: spec.duration_s }),
    ...(spec.timezone === undefined ? {} : { timezone: spec.timezone }),
    ...(spec.slo_ms === undefined ? {} : { sloMs: spec.slo_ms }),
  });
}

interface TraceOptions {
  readonly name: string;
  readonly description: string;
  readonly start?: number;
  readonly durationS?: number;
  readonly timezone?: string;
  readonly sloMs?: number;
}

/** Requests in arrival order on one timeline, with their per-minute rate for the charts. */
function buildTrace(requests: LoggedRequest[], options: TraceOptions): RequestLogResult {
  const firstAbsolute = requests.find((r) => r.absolute);
  const start =
    options.start ??
    (firstAbsolute
      ? requests.reduce((m, r) => (r.absolute && r.at < m ? r.at : m), Number.POSITIVE_INFINITY)
      : MARKET_DAY_START);
  const times = requests.map((r) => (r.absolute ? r.at - start : r.at));
  const problems: ValidationProblem[] = [];
  times.forEach((t, i) => {
    if (t < 0) problems.push({ path: `request ${i + 1}`, message: "arrives before the trace's start" });
  });
  const order = times.map((_, i) => i).sort((a, b) => times[a]! - times[b]! || a - b);
  const last = times[order[order.length - 1]!] ?? 0;
  const durationS = options.durationS ?? Math.ceil((last + 1e-9) / 60) * 60;
  if (last >= durationS)
    problems.push({ path: "$.duration_s", message: `requests arrive until ${last} s, after duration_s` });
  if (problems.length > 0) return { ok: false, problems };
  const log: RequestLog = {
    t: Float64Array.from(order, (i) => times[i]!),
    inputTokens: Float64Array.from(order, (i) => requests[i]!.input),
    outputTokens: Float64Array.from(order, (i) => requests[i]!.output),
  };
  const rate = perMinuteRate(log.t, durationS);
  const tokensIn = log.inputTokens.reduce((a, b) => a + b, 0) / Math.max(1, log.t.length);
  const tokensOut = log.outputTokens.reduce((a, b) => a + b, 0) / Math.max(1, log.t.length);
  return {
    ok: true,
    trace: {
      name: options.name,
      description: `${options.description}: ${log.t.length} requests, mean ${tokensIn.toFixed(0)} input and ${tokensOut.toFixed(0)} output tokens`,
      start,
      durationS,
      timezone: options.timezone ?? "UTC",
      rate,
      onsets: detectOnsets(rate),
      slo: { metric: "ttft", targetMs: options.sloMs ?? 2000 },
      stages: [TOKEN_LLM_STAGE],
      instance: GPU_INSTANCE,
      requests: log,
    },
  };
}

/** The arrival rate per minute, as steps. */
function perMinuteRate(t: Float64Array, durationS: number): RatePoint[] {
  const minutes = Math.max(1, Math.ceil(durationS / 60));
  const counts = new Float64Array(minutes);
  for (const x of t) counts[Math.min(minutes - 1, Math.floor(x / 60))]! += 1;
  const rate: RatePoint[] = [];
  for (let m = 0; m < minutes; m++) {
    const rps = counts[m]! / 60;
    rate.push({ t: m * 60, rps }, { t: Math.min(durationS, (m + 1) * 60), rps });
  }
  return rate;
}

const AZURE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(\.\d+)?Z?$/;

/** A time cell: Azure's `YYYY-MM-DD hh:mm:ss.fffffff` (UTC), seconds after the start, or ISO-8601. */
function readTime(cell: string, azure: boolean): { at: number; absolute: boolean } | null {
  const m = AZURE_TIME.exec(cell);
  if (m) {
    const [, y, mo, d, h, mi, s, frac] = m;
    const at = Date.UTC(+y!, +mo! - 1, +d!, +h!, +mi!, +s!) / 1000 + (frac ? Number(frac) : 0);
    return Number.isFinite(at) ? { at, absolute: true } : null;
  }
  if (!azure && /^[0-9.eE+]+$/.test(cell)) {
    const t = Number(cell);
    return Number.isFinite(t) && t >= 0 ? { at: t, absolute: false } : null;
  }
  const at = Date.parse(cell) / 1000;
  return Number.isFinite(at) ? { at, absolute: true } : null;
}

function readTokens(cell: string): number | null {
  if (!/^\d+$/.test(cell)) return null;
  const n = Number(cell);
  return Number.isSafeInteger(n) ? n : null;
}

const baseName = (fileName: string) => fileName.replace(/^.*[\\/]/, "").replace(/\.(csv|json)$/i, "");
