/** Periods below a minute CloudWatch accepts (high-resolution metrics); beyond them, multiples of 60. */
export const HIGH_RESOLUTION_PERIODS_S: readonly number[] = Object.freeze([1, 5, 10, 20, 30]);

/** The periods CloudWatch accepts, in words, for messages. */
export const CLOUDWATCH_PERIODS_TEXT = "1, 5, 10, 20, 30 or a multiple of 60";

/**
 * True when CloudWatch accepts `periodS` as a metric period (GetMetricData, alarms): 1, 5, 10, 20
 * or 30 (high resolution) or a positive multiple of 60. The one home of this fact: the policy
 * schema and the CloudWatch adapter both ask here.
 */
export function isCloudWatchPeriod(periodS: number): boolean {
  if (HIGH_RESOLUTION_PERIODS_S.includes(periodS)) return true;
  return Number.isSafeInteger(periodS) && periodS > 0 && periodS % 60 === 0;
}
