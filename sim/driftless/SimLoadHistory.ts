import type { HistoryMetric, LoadHistory } from "../../shared/engine/ports/LoadHistory";
import { withHistoryColumns } from "../../shared/forecast/historyColumns";
import type { Datapoint, Series } from "../../shared/metrics/Datapoint";
import { timeIndex } from "./timeIndex";

const MINUTE_S = 60;

/** One metric's stored datapoints, and their times and values as columns (the first points.length of them). */
interface StoredSeries {
  readonly points: Datapoint[];
  t: Float64Array;
  v: Float64Array;
}

const keyOf = (metric: HistoryMetric) =>
  JSON.stringify([metric.namespace, metric.name, Object.entries(metric.dimensions).sort(), metric.statistic]);

/**
 * The simulated CloudWatch's record of driftless's own `Load` metric: each decision publishes its load
 * (as the EMF observer does), and CloudWatch keeps one Average datapoint per minute, readable once the
 * minute is over. The forecaster reads it as CloudWatchLoadHistory reads the real one (1-minute data:
 * the simulated runs stay within CloudWatch's 15 days of it).
 *
 * Each metric's datapoints are kept sorted by time as they are stored, so a read is a binary search and
 * a copy of the days asked for, not a filter and sort of the whole run's history every hour. They are
 * also kept as columns of times and values, and a read hands the forecaster views of them with the
 * datapoints (withHistoryColumns): weeks of minute datapoints, allocated one a minute over a long run, lie
 * all over the heap, and reading each of them every hour was a tenth of a 15-day run.
 */
export class SimLoadHistory implements LoadHistory {
  private readonly series = new Map<string, StoredSeries>();
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
    const stored = this.series.get(this.keyOf(args.metric));
    if (stored === undefined) return [];
    const { points, t, v } = stored;
    const from = timeIndex(t, points.length, args.now - args.historyDays * 86_400);
    const to = timeIndex(t, points.length, args.now);
    return withHistoryColumns(points.slice(from, to), { t: t.subarray(from, to), v: v.subarray(from, to) });
  }

  /** Stores one minute's datapoint after every stored one at or before its time (stable for equal times). */
  private record(metric: HistoryMetric, point: Datapoint): void {
    const key = this.keyOf(metric);
    let stored = this.series.get(key);
    if (stored === undefined) {
      stored = { points: [], t: new Float64Array(1024), v: new Float64Array(1024) };
      this.series.set(key, stored);
    }
    const { points } = stored;
    const at = timeIndex(stored.t, points.length, point.t, true);
    if (at === points.length) points.push(point);
    else points.splice(at, 0, point);
    // Columns handed out are views of the stored ones: a datapoint is written only past every view's end
    // (appended), or else into new columns, so a read never changes after it was made.
    const n = points.length;
    if (at < n - 1 || n > stored.t.length) {
      const capacity = Math.max(stored.t.length, 2 * n);
      const t = new Float64Array(capacity);
      const v = new Float64Array(capacity);
      t.set(stored.t.subarray(0, at));
      v.set(stored.v.subarray(0, at));
      t.set(stored.t.subarray(at, n - 1), at + 1);
      v.set(stored.v.subarray(at, n - 1), at + 1);
      stored.t = t;
      stored.v = v;
    }
    stored.t[at] = point.t;
    stored.v[at] = point.v;
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
