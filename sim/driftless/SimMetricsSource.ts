import type { MetricAnswer, MetricQuery, MetricsSource } from "../../shared/engine/ports/MetricsSource";
import { metricKey } from "../../shared/inMemory/InMemoryMetricsSource";
import type { Datapoint } from "../../shared/metrics/Datapoint";
import { StoredSeries } from "./StoredSeries";

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
    this.seriesOf(namespace, name, dimensions).append(point.t, point.v);
  }

  /**
   * One metric's series, to append to directly: a feed that publishes the same metrics every period finds
   * each series once instead of by its key on every datapoint. A series without datapoints reads as none.
   */
  seriesOf(namespace: string, name: string, dimensions: Readonly<Record<string, string>>): StoredSeries {
    const key = this.keyOf(namespace, name, dimensions);
    let stored = this.series.get(key);
    if (stored === undefined) {
      stored = new StoredSeries(key);
      this.series.set(key, stored);
    }
    return stored;
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
   * The readable datapoints of one metric over [startS, endS], without counting a GetMetricData call (what
   * fetch answers each query with).
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
    return stored === undefined ? [] : stored.between(startS, endS);
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
