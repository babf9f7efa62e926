import type { MetricAnswer, MetricQuery, MetricsSource } from "../../shared/engine/ports/MetricsSource";
import { metricKey } from "../../shared/inMemory/InMemoryMetricsSource";
import type { Datapoint } from "../../shared/metrics/Datapoint";
import { timeIndex } from "./timeIndex";

/** One metric's readable datapoints in time order, and their times as a column (the first points.length). */
interface StoredSeries {
  readonly points: Datapoint[];
  times: Float64Array;
}

/**
 * CloudWatch as the simulator feeds it: datapoints are appended when they become readable (after
 * the publishing lag), in time order, so a read is a binary search rather than a scan of the whole
 * day (the test-oriented InMemoryMetricsSource sorts on every put). Counts GetMetricData calls and
 * the metrics requested, which is what CloudWatch bills.
 */
export class SimMetricsSource implements MetricsSource {
  private readonly series = new Map<string, StoredSeries>();
  /**
   * Series keys by dimensions object, namespace and name. The same (frozen) dimensions objects come back on
   * every datapoint and every round, so each key is built once, and a key string that is always the same
   * object keeps its hash: building and hashing a fresh key was most of the cost of a put or a read.
   */
  private readonly keys = new WeakMap<object, Map<string, Map<string, string>>>();
  calls = 0;
  metricsRequested = 0;

  /** Makes a datapoint readable now. Datapoints of one metric must come in time order. */
  put(namespace: string, name: string, dimensions: Readonly<Record<string, string>>, point: Datapoint): void {
    const key = this.keyOf(namespace, name, dimensions);
    const stored = this.series.get(key);
    if (!stored) {
      const times = new Float64Array(1024);
      times[0] = point.t;
      this.series.set(key, { points: [point], times });
      return;
    }
    const { points } = stored;
    const last = points[points.length - 1]!;
    if (point.t < last.t) throw new RangeError(`datapoints of ${key} out of order (${point.t} < ${last.t})`);
    if (points.length === stored.times.length) {
      const times = new Float64Array(2 * points.length);
      times.set(stored.times);
      stored.times = times;
    }
    stored.times[points.length] = point.t;
    points.push(point);
  }

  async fetch(
    queries: readonly MetricQuery[],
    startS: number,
    endS: number,
  ): Promise<Map<string, MetricAnswer>> {
    this.calls++;
    this.metricsRequested += queries.length;
    const out = new Map<string, MetricAnswer>();
    for (const q of queries) out.set(q.id, { ok: true, series: this.read(q, startS, endS) });
    return out;
  }

  /**
   * The readable datapoints of one metric over [startS, endS], without counting a GetMetricData call (the
   * simulated CloudWatch's own alarm evaluation reads this way).
   */
  read(
    metric: {
      readonly namespace: string;
      readonly name: string;
      readonly dimensions: Readonly<Record<string, string>>;
    },
    startS: number,
    endS: number,
  ): Datapoint[] {
    const stored = this.series.get(this.keyOf(metric.namespace, metric.name, metric.dimensions));
    if (stored === undefined) return [];
    // One copy of the range (a slice), found by two binary searches over the times.
    const { points, times } = stored;
    return points.slice(timeIndex(times, points.length, startS), timeIndex(times, points.length, endS, true));
  }

  /** metricKey(namespace, name, dimensions), built once per dimensions object, namespace and name. */
  private keyOf(namespace: string, name: string, dimensions: Readonly<Record<string, string>>): string {
    let byNamespace = this.keys.get(dimensions);
    if (byNamespace === undefined) {
      byNamespace = new Map();
      this.keys.set(dimensions, byNamespace);
    }
    let byName = byNamespace.get(namespace);
    if (byName === undefined) {
      byName = new Map();
      byNamespace.set(namespace, byName);
    }
    let key = byName.get(name);
    if (key === undefined) {
      key = metricKey(namespace, name, dimensions);
      byName.set(name, key);
    }
    return key;
  }
}
