import { describe, expect, it } from "vitest";
import { metricPeriodProblem } from "../../../shared/aws/metricPeriodProblem";
import { isCloudWatchPeriod } from "../../../shared/metrics/cloudWatchPeriod";

describe("isCloudWatchPeriod", () => {
  it.each([1, 5, 10, 20, 30, 60, 120, 3600, 86_400, 172_800])(
    "accepts %s s, as CloudWatch does",
    (periodS) => {
      expect(isCloudWatchPeriod(periodS)).toBe(true);
      expect(metricPeriodProblem(periodS)).toBeNull();
    },
  );

  it.each([0, -10, -60, 2, 7, 15, 45, 90, 10.5, 60.5, Number.NaN, Number.POSITIVE_INFINITY])(
    "refuses %s s, and the adapter says which periods are valid",
    (periodS) => {
      expect(isCloudWatchPeriod(periodS)).toBe(false);
      expect(metricPeriodProblem(periodS)).toBe(
        `invalid CloudWatch period ${periodS} s: use 1, 5, 10, 20, 30 or a multiple of 60`,
      );
    },
  );
});
