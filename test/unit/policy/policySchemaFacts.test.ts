import { describe, expect, it } from "vitest";
import { isCloudWatchPeriod } from "../../../shared/metrics/cloudWatchPeriod";
import { DEFAULT_STALE_AFTER_S } from "../../../shared/policy/PolicySchema";
import { parsePolicy } from "../../../shared/policy/parsePolicy";

const withPeriod = (period_s: number) => ({ load: { metrics: [{ namespace: "n", name: "m", period_s }] } });

describe("the policy schema asks the one home of each fact", () => {
  it.each([1, 5, 10, 20, 30, 60, 300, 86_400, 0, 7, 15, 45, 90, 172_800])(
    "accepts period_s %s exactly when CloudWatch does (up to a day)",
    (periodS) => {
      const result = parsePolicy(withPeriod(periodS));
      expect(result.ok).toBe(isCloudWatchPeriod(periodS) && periodS <= 86_400);
      if (!result.ok) {
        expect(result.problems).toContainEqual({
          path: "$.load.metrics[0].period_s",
          message: "period_s must be 1, 5, 10, 20, 30 or a multiple of 60 up to 86400 (CloudWatch periods)",
        });
      }
    },
  );

  it("gives readers without a load section the same stale_after_s default a load section gets", () => {
    const result = parsePolicy(withPeriod(10));
    expect(result.ok && result.policy.load?.stale_after_s).toBe(DEFAULT_STALE_AFTER_S);
    expect(DEFAULT_STALE_AFTER_S).toBe(120);
  });
});
