/** The comparisons an AlarmSpec may use (CloudWatch's ComparisonOperator values for static thresholds). */
export type AlarmComparison =
  | "GreaterThanThreshold"
  | "GreaterThanOrEqualToThreshold"
  | "LessThanThreshold"
  | "LessThanOrEqualToThreshold";

/** What the policy-sync function wants alarmed for a target: one CloudWatch metric alarm. */
export interface AlarmSpec {
  /** Last part of the alarm's name (`${prefix}${targetId}.${suffix}`): letters, digits, `_`, `-`; no `.`. */
  readonly suffix: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  /** `Average`, `Maximum`, ... or a percentile such as `p90` (sent as ExtendedStatistic). */
  readonly statistic: string;
  readonly threshold: number;
  readonly comparison: AlarmComparison;
  /** @default 10: a high-resolution alarm, evaluated every 10 s. */
  readonly periodS?: number;
  /** @default 1 */
  readonly evaluationPeriods?: number;
  /** @default 1: one breaching datapoint is enough to wake the evaluation up. */
  readonly datapointsToAlarm?: number;
  /** @default "notBreaching": no data must never trigger a scaling evaluation by itself. */
  readonly treatMissingData?: "notBreaching" | "breaching" | "ignore" | "missing";
}

/** The values AlarmSpec's optional fields take when left out. */
export const ALARM_SPEC_DEFAULTS = Object.freeze({
  periodS: 10,
  evaluationPeriods: 1,
  datapointsToAlarm: 1,
  treatMissingData: "notBreaching",
} as const);
