import type { MetricDataQuery } from "@aws-sdk/client-cloudwatch";
import type { MetricQuery } from "../engine/ports/MetricsSource";
import type { MetricDataRequest } from "./MetricDataRequest";

/** CloudWatch's limit of MetricDataQueries per GetMetricData call. */
export const GET_METRIC_DATA_MAX_QUERIES = 500;

/**
 * The GetMetricData requests that read `queries` over [startS, endS] (epoch seconds).
 *
 * Queries are grouped by period (first-seen order) and each group is split into requests of at most
 * `maxQueries` (default 500): with the usual single period, n queries take ceil(n / 500) requests; with
 * several periods, the sum of that over the periods. Grouping lets each request align its window to its own
 * period: StartTime = startS rounded down to a multiple of the period, EndTime (exclusive) = the end of the
 * period containing endS, so every bucket whose start lies in [alignDown(startS), endS] is returned, and
 * buckets sit on the same boundaries on AWS (which aligns them to the clock) and on emulators (which start
 * them at StartTime). The last bucket may still be filling (it holds endS), as on AWS whenever EndTime is
 * near now. Datapoints come oldest first (ScanBy TimestampAscending), ReturnData true.
 *
 * Query ids are replaced by `q0`, `q1`, ... (CloudWatch requires ^[a-z][a-zA-Z0-9_]*$, which target-derived
 * ids need not match); `queryIds` maps them back. A repeated query id is read once (the first wins).
 * Dimensions are sent sorted by name. Percentile statistics (`p90`) go through as they are.
 */
export function buildGetMetricDataRequests(
  queries: readonly MetricQuery[],
  startS: number,
  endS: number,
  maxQueries: number = GET_METRIC_DATA_MAX_QUERIES,
): MetricDataRequest[] {
  const byPeriod = new Map<number, MetricQuery[]>();
  const seen = new Set<string>();
  for (const query of queries) {
    if (seen.has(query.id)) continue;
    seen.add(query.id);
    const group = byPeriod.get(query.periodS) ?? [];
    group.push(query);
    byPeriod.set(query.periodS, group);
  }

  const requests: MetricDataRequest[] = [];
  for (const [periodS, group] of byPeriod) {
    const startTime = new Date(Math.floor(startS / periodS) * periodS * 1000);
    const endTime = new Date((Math.floor(endS / periodS) + 1) * periodS * 1000);
    for (let offset = 0; offset < group.length; offset += maxQueries) {
      const queryIds = new Map<string, string>();
      const metricDataQueries: MetricDataQuery[] = group
        .slice(offset, offset + maxQueries)
        .map((query, i) => {
          const id = `q${i}`;
          queryIds.set(id, query.id);
          return {
            Id: id,
            MetricStat: {
              Metric: {
                Namespace: query.namespace,
                MetricName: query.name,
                Dimensions: Object.entries(query.dimensions)
                  .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
                  .map(([Name, Value]) => ({ Name, Value })),
              },
              Period: periodS,
              Stat: query.statistic,
            },
            ReturnData: true,
          };
        });
      requests.push({
        input: {
          MetricDataQueries: metricDataQueries,
          StartTime: startTime,
          EndTime: endTime,
          ScanBy: "TimestampAscending",
        },
        queryIds,
      });
    }
  }
  return requests;
}
