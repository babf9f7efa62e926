import { ALARM_SPEC_DEFAULTS, type AlarmComparison, type AlarmSpec } from "../../shared/alarms/AlarmSpec";
import type { Series } from "../../shared/metrics/Datapoint";
import { percentile } from "../percentile";

/** An alarm's state as the simulated CloudWatch evaluates it. */
export type SimAlarmState = "OK" | "ALARM";

/** What evaluateAlarmSpec needs: the spec, the metric's datapoints and the end of the last whole period. */
export interface AlarmEvaluationInput {
  readonly spec: AlarmSpec;
  /** The metric's datapoints (as published, any resolution finer than the alarm's period), sorted by time. */
  readonly series: Series;
  /** Epoch seconds at which the newest period being evaluated ends (a multiple of the alarm's period). */
  readonly periodEnd: number;
}

/**
 * The state CloudWatch would give `spec` after its period ending at `periodEnd`: the last
 * `evaluationPeriods` periods each reduce their datapoints by the spec's statistic (Average, Sum, Minimum,
 * Maximum, SampleCount, or a percentile pNN over the datapoints), and the alarm is ALARM when at least
 * `datapointsToAlarm` of them breach the threshold. A period without datapoints counts as breaching only
 * for `treatMissingData: "breaching"` (driftless's specs say notBreaching).
 */
export function evaluateAlarmSpec({ spec, series, periodEnd }: AlarmEvaluationInput): SimAlarmState {
  const periodS = spec.periodS ?? ALARM_SPEC_DEFAULTS.periodS;
  const periods = spec.evaluationPeriods ?? ALARM_SPEC_DEFAULTS.evaluationPeriods;
  const needed = spec.datapointsToAlarm ?? ALARM_SPEC_DEFAULTS.datapointsToAlarm;
  const missingBreaches = (spec.treatMissingData ?? ALARM_SPEC_DEFAULTS.treatMissingData) === "breaching";
  let breaching = 0;
  for (let j = 0; j < periods; j++) {
    const end = periodEnd - j * periodS;
    const values: number[] = [];
    for (const p of series) if (p.t >= end - periodS && p.t < end) values.push(p.v);
    const value = values.length === 0 ? null : statisticOf(spec.statistic, values);
    if (value === null ? missingBreaches : breaches(spec.comparison, value, spec.threshold)) breaching++;
  }
  return breaching >= needed ? "ALARM" : "OK";
}

function statisticOf(statistic: string, values: number[]): number {
  switch (statistic) {
    case "Average":
      return values.reduce((a, b) => a + b, 0) / values.length;
    case "Sum":
      return values.reduce((a, b) => a + b, 0);
    case "Minimum":
      return Math.min(...values);
    case "Maximum":
      return Math.max(...values);
    case "SampleCount":
      return values.length;
  }
  const q = percentileOf(statistic);
  if (q !== null) return percentile(values, q);
  throw new RangeError(`the simulated CloudWatch cannot evaluate statistic "${statistic}"`);
}

/** Percentile statistics parsed so far (pNN as a quantile; null: not a percentile). */
const quantiles = new Map<string, number | null>();

/** The quantile of a percentile statistic such as "p95" (0.95), or null for any other statistic. */
function percentileOf(statistic: string): number | null {
  let q = quantiles.get(statistic);
  if (q === undefined) {
    const pct = /^p(\d+(?:\.\d+)?)$/.exec(statistic);
    q = pct ? Number(pct[1]) / 100 : null;
    quantiles.set(statistic, q);
  }
  return q;
}

function breaches(comparison: AlarmComparison, value: number, threshold: number): boolean {
  switch (comparison) {
    case "GreaterThanThreshold":
      return value > threshold;
    case "GreaterThanOrEqualToThreshold":
      return value >= threshold;
    case "LessThanThreshold":
      return value < threshold;
    case "LessThanOrEqualToThreshold":
      return value <= threshold;
  }
}
