import type { HistoryMetric, LoadHistory } from "../../shared/engine/ports/LoadHistory";
import type { Datapoint, Series } from "../../shared/metrics/Datapoint";
import { datapointIndex } from "./datapointIndex";

const MINUTE_S = 60;

const keyOf = (metric: HistoryMetric) =>
  JSON.stringify([metric.namespace, metric.name, Object.entries(metric.dimensions).sort(), metric.statistic]);

/**
 * The simulated CloudWatch's record of driftless's own `Load` metric: each decision publishes its load
 * (as the EMF observer does), and CloudWatch keeps one Average datapoint per minute, readable once the
 * minute is over. The forecaster reads it as CloudWatchLoadHistory reads the real one (1-minute data:
 * the simulated runs stay within CloudWatch's 15 days of it).
 *
 * Each metric's datapoints are kept sorted by time as they are stored, so a read is a binary search and
 * a copy of the days asked for, not a filter and sort of the whole run's history every hour.
 */
export class SimLoadHistory implements LoadHistory {
  private readonly series = new Map<string, Datapoint[]>();
  /** Each metric object's series key, built once (the same objects come back on every publish and read). */
  private readonly keys = new WeakMap<HistoryMetric, string>();
  private readonly open = new Map<
    string,
    { metric: HistoryMetric; minute: number; sum: number; n: number }
  >();

  /** One published `Load` value of `metric` at `t` (epoch seconds, non-decreasing per metric). */
  publish(key: string, metric: HistoryMetric, t: number, v: number): void {
    const minute = Math.floor(t / MINUTE_S) * MINUTE_S;
    const bucket = this.open.get(key);
    if (bucket !== undefined && bucket.minute === minute) {
      bucket.sum += v;
      bucket.n++;
      return;
    }
    if (bucket !== undefined) this.record(bucket.metric, { t: bucket.minute, v: bucket.sum / bucket.n });
    this.open.set(key, { metric, minute, sum: v, n: 1 });
  }

  /** The stored datapoints of `metric` in [now - historyDays, now), sorted by time. */
  async read(args: { metric: HistoryMetric; now: number; historyDays: number }): Promise<Series> {
    const points = this.series.get(this.keyOf(args.metric)) ?? [];
    const from = datapointIndex(points, args.now - args.historyDays * 86_400);
    return points.slice(from, datapointIndex(points, args.now));
  }

  /** Stores one minute's datapoint after every stored one at or before its time (stable for equal times). */
  private record(metric: HistoryMetric, point: Datapoint): void {
    const key = this.keyOf(metric);
    let points = this.series.get(key);
    if (points === undefined) {
      points = [];
      this.series.set(key, points);
    }
    const at = datapointIndex(points, point.t, true);
    if (at === points.length) points.push(point);
    else points.splice(at, 0, point);
  }

  private keyOf(metric: HistoryMetric): string {
    let key = this.keys.get(metric);
    if (key === undefined) {
      key = keyOf(metric);
      this.keys.set(metric, key);
    }
    return key;
  }
}
