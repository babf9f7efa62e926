/**
 * Why CloudWatch would refuse `periodS` as a GetMetricData period, or null when it is valid: 1, 5, 10, 20 or
 * 30 (high resolution) or a positive multiple of 60. Checked before calling because a bad period is not
 * always refused: moto 5.2.1 spins forever on Period 0.
 */
export function metricPeriodProblem(periodS: number): string | null {
  if ([1, 5, 10, 20, 30].includes(periodS)) return null;
  if (Number.isSafeInteger(periodS) && periodS > 0 && periodS % 60 === 0) return null;
  return `invalid CloudWatch period ${periodS} s: use 1, 5, 10, 20, 30 or a multiple of 60`;
}
