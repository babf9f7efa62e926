import type { Series } from "../../metrics/Datapoint";

/** The CloudWatch metric a target's load history is read from (one series, already a total). */
export interface HistoryMetric {
  readonly namespace: string;
  readonly name: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: string;
}

/** Reads a target's load history for the forecaster. */
export interface LoadHistory {
  /**
   * Datapoints of `metric` over the last `historyDays` days before `now` (epoch seconds), sorted by time, at
   * the finest resolution CloudWatch still keeps for each age. Throws an AwsCallError when it cannot read.
   */
  read(args: { metric: HistoryMetric; now: number; historyDays: number }): Promise<Series>;
}
