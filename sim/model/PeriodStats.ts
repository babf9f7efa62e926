/** What one metric period of one service saw: time averages and the latency samples that fell in it. */
export interface PeriodStats {
  /** Start of the period (epoch seconds): CloudWatch timestamps a datapoint with its period's start. */
  readonly t: number;
  readonly periodS: number;
  /** Time-averaged serving replicas. */
  readonly servingAvg: number;
  /** Time-averaged requests in progress on serving replicas. */
  readonly runningAvg: number;
  /** Time-averaged requests in the router's queue. */
  readonly queuedAvg: number;
  /** Time to first output (ms) of requests whose first output came in the period. */
  readonly firstOutputMs: readonly number[];
  /** Stage latency (ms) of requests that completed in the period. */
  readonly latencyMs: readonly number[];
}
