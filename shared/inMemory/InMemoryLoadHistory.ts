import type { HistoryMetric, LoadHistory } from "../engine/ports/LoadHistory";
import type { Datapoint, Series } from "../metrics/Datapoint";

const keyOf = (metric: HistoryMetric) =>
  JSON.stringify([metric.namespace, metric.name, Object.entries(metric.dimensions).sort(), metric.statistic]);

/**
 * A LoadHistory in memory (simulator, tests): datapoints recorded per metric, read back over the last
 * `historyDays` days before `now` (strictly before: what a CloudWatch read at `now` could return).
 */
export class InMemoryLoadHistory implements LoadHistory {
  private readonly series = new Map<string, Datapoint[]>();

  /** Records one datapoint of `metric` (any order). */
  record(metric: HistoryMetric, point: Datapoint): void {
    const key = keyOf(metric);
    const points = this.series.get(key) ?? [];
    points.push(point);
    this.series.set(key, points);
  }

  async read(args: { metric: HistoryMetric; now: number; historyDays: number }): Promise<Series> {
    const from = args.now - args.historyDays * 86_400;
    return (this.series.get(keyOf(args.metric)) ?? [])
      .filter((p) => p.t >= from && p.t < args.now)
      .sort((a, b) => a.t - b.t);
  }
}
