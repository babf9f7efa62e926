import { CLOUDWATCH_PERIODS_TEXT, isCloudWatchPeriod } from "../metrics/cloudWatchPeriod";

/**
 * Why CloudWatch would refuse `periodS` as a GetMetricData period, or null when it is valid
 * (isCloudWatchPeriod). Checked before calling because a bad period is not always refused:
 * moto 5.2.1 spins forever on Period 0.
 */
export function metricPeriodProblem(periodS: number): string | null {
  if (isCloudWatchPeriod(periodS)) return null;
  return `invalid CloudWatch period ${periodS} s: use ${CLOUDWATCH_PERIODS_TEXT}`;
}
