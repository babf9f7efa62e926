import type { HistoryMetric } from "../engine/ports/LoadHistory";
import type { MetricDataRequest } from "./MetricDataRequest";

/** CloudWatch keeps 60 s datapoints for 15 days, then 300 s ones for 63 days. */
export const MINUTE_RETENTION_S = 15 * 86_400;
export const FIVE_MINUTE_RETENTION_S = 63 * 86_400;
/** GetMetricData returns at most 100,800 datapoints per call (then NextToken pages). */
export const GET_METRIC_DATA_MAX_DATAPOINTS = 100_800;

/** One stretch of history read at one period: [startS, endS), epoch seconds. */
export interface HistorySegment {
  readonly startS: number;
  readonly endS: number;
  readonly periodS: 60 | 300;
}

/**
 * The segments that read `historyDays` days before `now` at the finest resolution CloudWatch still has:
 * 60 s periods back to 15 days (the boundary rounded up to 5 minutes, so the older segment's buckets line
 * up), 300 s periods beyond, never past 63 days. Oldest first; the newest ends at `now` rounded up to the
 * minute (its last bucket may still be filling). Each is split so no call asks for more than `maxDatapoints`.
 */
export function historySegments(args: {
  readonly now: number;
  readonly historyDays: number;
  readonly maxDatapoints?: number;
}): HistorySegment[] {
  const { now } = args;
  const max = args.maxDatapoints ?? GET_METRIC_DATA_MAX_DATAPOINTS;
  const spanS = Math.min(args.historyDays * 86_400, FIVE_MINUTE_RETENTION_S);
  const end = Math.ceil(now / 60) * 60;
  const start = Math.floor((now - spanS) / 300) * 300;
  const boundary = Math.max(start, Math.ceil((now - MINUTE_RETENTION_S) / 300) * 300);
  const segments: HistorySegment[] = [];
  if (boundary > start) segments.push(...split({ startS: start, endS: boundary, periodS: 300 }, max));
  segments.push(...split({ startS: boundary, endS: end, periodS: 60 }, max));
  return segments;
}

function split(segment: HistorySegment, maxDatapoints: number): HistorySegment[] {
  const chunkS = Math.max(1, Math.floor(maxDatapoints)) * segment.periodS;
  const parts: HistorySegment[] = [];
  for (let from = segment.startS; from < segment.endS; from += chunkS) {
    parts.push({ ...segment, startS: from, endS: Math.min(segment.endS, from + chunkS) });
  }
  return parts;
}

/** The history query's id in every request (CloudWatch ids match ^[a-z][a-zA-Z0-9_]*$). */
export const HISTORY_QUERY_ID = "history";

/**
 * One GetMetricData request per segment of historySegments, each one query of `metric` at the segment's
 * period, oldest datapoints first, dimensions sorted by name. Pages follow NextToken (see the adapter).
 */
export function buildHistoryRequests(args: {
  readonly metric: HistoryMetric;
  readonly now: number;
  readonly historyDays: number;
  readonly maxDatapoints?: number;
}): MetricDataRequest[] {
  const { metric } = args;
  const dimensions = Object.entries(metric.dimensions)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([Name, Value]) => ({ Name, Value }));
  return historySegments(args).map((segment) => ({
    input: {
      MetricDataQueries: [
        {
          Id: HISTORY_QUERY_ID,
          MetricStat: {
            Metric: { Namespace: metric.namespace, MetricName: metric.name, Dimensions: dimensions },
            Period: segment.periodS,
            Stat: metric.statistic,
          },
          ReturnData: true,
        },
      ],
      StartTime: new Date(segment.startS * 1000),
      EndTime: new Date(segment.endS * 1000),
      ScanBy: "TimestampAscending",
    },
    queryIds: new Map([[HISTORY_QUERY_ID, HISTORY_QUERY_ID]]),
  }));
}
