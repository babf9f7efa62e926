import { z } from "zod";

const isoTime = z.string().refine((s) => Number.isFinite(Date.parse(s)), { message: "not an ISO-8601 time" });

/** A point in time in a trace file: seconds from the trace start, or an ISO-8601 time. */
export const traceTimeValue = z.union([z.number().min(0), isoTime]);

/** The fields a rate trace file and a request log file share (name, start, duration, zone, SLO). */
export const TRACE_FILE_FIELDS = {
  name: z.string().min(1).max(100).optional(),
  description: z.string().max(500).optional(),
  start: isoTime.optional(),
  duration_s: z
    .number()
    .gt(0)
    .max(31 * 86400)
    .optional(),
  timezone: z.string().min(1).optional(),
  slo_ms: z.number().gt(0).max(3_600_000).optional(),
};
