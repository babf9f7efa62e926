import type { MetricAnswer, MetricQuery, MetricsSource } from "../engine/ports/MetricsSource";
import type { Datapoint } from "../metrics/Datapoint";

/** The key a datapoint series is stored under: namespace, name and sorted dimensions. */
export function metricKey(
  namespace: string,
  name: string,
  dimensions: Readonly<Record<string, string>>,
): string {
  const names = Object.keys(dimensions);
  // One dimension (the usual case) needs no sort: the key is built on every datapoint and every read.
  if (names.length > 1) names.sort((a, b) => a.localeCompare(b));
  let dims = "";
  for (let k = 0; k < names.length; k++) dims += `${k === 0 ? "" : ","}${names[k]}=${dimensions[names[k]!]}`;
  return `${namespace}|${name}|${dims}`;
}

/** A MetricsSource over datapoints held in memory, already at the query's period (simulator, tests). */
export class InMemoryMetricsSource implements MetricsSource {
  private readonly series = new Map<string, Datapoint[]>();
  fetches = 0;
  /** When set, every fetch fails with this message (missing-metrics tests). */
  failWith: string | null = null;

  put(namespace: string, name: string, dimensions: Readonly<Record<string, string>>, point: Datapoint): void {
    const key = metricKey(namespace, name, dimensions);
    const list = this.series.get(key) ?? [];
    list.push(point);
    list.sort((a, b) => a.t - b.t);
    this.series.set(key, list);
  }

  async fetch(
    queries: readonly MetricQuery[],
    startS: number,
    endS: number,
  ): Promise<Map<string, MetricAnswer>> {
    this.fetches++;
    if (this.failWith) throw new Error(this.failWith);
    const out = new Map<string, MetricAnswer>();
    for (const q of queries) {
      const all = this.series.get(metricKey(q.namespace, q.name, q.dimensions)) ?? [];
      out.set(q.id, { ok: true, series: all.filter((p) => p.t >= startS && p.t <= endS) });
    }
    return out;
  }
}
