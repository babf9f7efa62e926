import type { Series } from "../../metrics/Datapoint";

/** One metric to read: a CloudWatch metric with its statistic and period. */
export interface MetricQuery {
  /** Unique within one fetch; the answer is keyed by it. */
  readonly id: string;
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: string;
  readonly periodS: number;
}

export type MetricAnswer =
  | { readonly ok: true; readonly series: Series }
  | { readonly ok: false; readonly error: string };

/** Reads metric datapoints (CloudWatch GetMetricData, batched). */
export interface MetricsSource {
  /** Datapoints of every query over [startS, endS], each answer sorted by time. */
  fetch(queries: readonly MetricQuery[], startS: number, endS: number): Promise<Map<string, MetricAnswer>>;
}
