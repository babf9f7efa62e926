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

describe("absent sections take the defaults their own schema states", () => {
  it("fills limits, pending, lead and fallback exactly as an empty section would", () => {
    const absent = parsePolicy({});
    const empty = parsePolicy({ limits: {}, pending: {}, lead: {}, fallback: {} });
    expect(absent.ok && empty.ok).toBe(true);
    if (!absent.ok || !empty.ok) return;
    expect(absent.policy.spec).toEqual(empty.policy.spec);
    expect(absent.policy.limits).toEqual({ scale_in_pause_s: 0 });
    expect(absent.policy.pending).toEqual({
      hold_scale_up: false,
      scale_from_in_flight: false,
      timeout_s: 900,
    });
    expect(absent.policy.lead).toEqual({ mode: "off", trend_window_s: 120, max_factor: 2 });
    expect(absent.policy.fallback).toEqual({ failure_threshold: 3, action: "hold" });
  });

  it("gives a policy without a target the target section's cold start and one GPU per task", () => {
    const bare = parsePolicy({
      schedules: [{ name: "w", start: "0 9 * * *", duration_s: 60, ready_at_start: true, overrides: {} }],
    });
    const full = parsePolicy({
      target: { cluster: "c", service: "s" },
      schedules: [{ name: "w", start: "0 9 * * *", duration_s: 60, ready_at_start: true, overrides: {} }],
    });
    expect(bare.ok && full.ok).toBe(true);
    if (!bare.ok || !full.ok) return;
    expect(bare.policy.schedules[0]?.leadS).toBe(full.policy.schedules[0]?.leadS);
    expect(bare.policy.gpusPerTask).toBe(1);
  });
});
