import type { MetricDataResult } from "@aws-sdk/client-cloudwatch";
import type { MetricAnswer } from "../engine/ports/MetricsSource";
import type { Datapoint } from "../metrics/Datapoint";
import type { MetricDataRequest } from "./MetricDataRequest";

/**
 * The answers to one request's queries, keyed by the caller's query ids, from the MetricDataResults of all
 * its pages in order. A query's values are concatenated across pages and its status is the last page's.
 * `{ ok: true, series }` (timestamps in epoch seconds, sorted by time; possibly empty: what missing data
 * means is the engine's call) when the final status is Complete and there are no messages; otherwise
 * `{ ok: false, error }` naming the status and messages (PartialData after the last page, InternalError,
 * Forbidden), or saying that CloudWatch returned nothing for the query. Never throws.
 */
export function parseMetricDataResults(
  request: MetricDataRequest,
  pages: readonly (readonly MetricDataResult[])[],
): Map<string, MetricAnswer> {
  const merged = new Map<string, { points: Datapoint[]; status: string; messages: string[] }>();
  for (const results of pages) {
    for (const result of results) {
      if (result.Id === undefined || !request.queryIds.has(result.Id)) continue;
      const entry = merged.get(result.Id) ?? { points: [], status: "Complete", messages: [] };
      const timestamps = result.Timestamps ?? [];
      const values = result.Values ?? [];
      for (let i = 0; i < Math.min(timestamps.length, values.length); i++) {
        entry.points.push({ t: (timestamps[i] as Date).getTime() / 1000, v: values[i] as number });
      }
      entry.status = result.StatusCode ?? entry.status;
      for (const message of result.Messages ?? [])
        entry.messages.push(`${message.Code ?? "?"}: ${message.Value ?? ""}`);
      merged.set(result.Id, entry);
    }
  }

  const answers = new Map<string, MetricAnswer>();
  for (const [awsId, queryId] of request.queryIds) {
    const entry = merged.get(awsId);
    if (entry === undefined) {
      answers.set(queryId, { ok: false, error: "CloudWatch returned no result for this query" });
    } else if (entry.status !== "Complete" || entry.messages.length > 0) {
      const details = entry.messages.length > 0 ? `: ${entry.messages.join("; ")}` : "";
      answers.set(queryId, { ok: false, error: `CloudWatch status ${entry.status}${details}` });
    } else {
      answers.set(queryId, { ok: true, series: entry.points.sort((a, b) => a.t - b.t) });
    }
  }
  return answers;
}
