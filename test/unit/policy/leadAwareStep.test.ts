import { describe, expect, it } from "vitest";
import type { Series } from "../../../shared/metrics/Datapoint";
import { decide } from "../../../shared/policy/decide";
import { loadSlope } from "../../../shared/policy/leadAwareStep";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import { contextOf, policyOf } from "./policyContext";

// Lead time: cold_start_s 60 + instance_boot_s 240 = 300 s.
const target = {
  cluster: "c",
  service: "s",
  cold_start_s: 60,
  capacity: { mode: "managed" as const, instance_boot_s: 240 },
};
const lead = (over: Partial<{ max_factor: number; trend_window_s: number }> = {}) => ({
  mode: "on" as const,
  ...over,
});
const base: PolicyInput = { max_replicas: 50, target_ongoing_requests: 10, upscale_delay_s: 0, target };
/** A load rising by `perS` per second, one point every 10 s up to now = 1000, ending at `last`. */
const rising = (last: number, perS: number): Series =>
  [-120, -110, -100, -90, -80, -70, -60, -50, -40, -30, -20, -10].map((dt) => ({
    t: 1000 + dt,
    v: last + perS * dt,
  }));

describe("lead-time–aware sizing", () => {
  it.each<{ name: string; policy: PolicyInput; series: Series; total: number; want: number }>([
    // 40 requests rising 0.05/s: 40 + 0.05 x 300 = 55 expected -> 6 replicas instead of Ray's 4.
    {
      name: "sizes a scale-up for the load expected after the lead time",
      policy: { ...base, lead: lead() },
      series: rising(40, 0.05),
      total: 40,
      want: 6,
    },
    // 40 rising 1/s would be 340: capped at 2 x 40 = 80 -> 8.
    {
      name: "never sizes for more than max_factor times the load now",
      policy: { ...base, lead: lead() },
      series: rising(40, 1),
      total: 40,
      want: 8,
    },
    {
      name: "max_factor 1.5 caps lower",
      policy: { ...base, lead: lead({ max_factor: 1.5 }) },
      series: rising(40, 1),
      total: 40,
      want: 6,
    },
    { name: "is off by default (Ray's sizing)", policy: base, series: rising(40, 0.05), total: 40, want: 4 },
    {
      name: "does nothing on a falling load",
      policy: { ...base, lead: lead() },
      series: rising(40, -0.05),
      total: 40,
      want: 4,
    },
    {
      name: "does nothing on a flat load",
      policy: { ...base, lead: lead() },
      series: rising(40, 0),
      total: 40,
      want: 4,
    },
    {
      name: "does nothing without a target (no lead time: Ray-only policies decide as Ray)",
      policy: { max_replicas: 50, target_ongoing_requests: 10, upscale_delay_s: 0, lead: lead() },
      series: rising(40, 0.05),
      total: 40,
      want: 4,
    },
    {
      name: "starts no scale-up the load itself does not want",
      policy: { ...base, lead: lead() },
      series: rising(20, 0.05),
      total: 20,
      want: 2,
    },
  ])("$name", ({ policy, series, total, want }) => {
    const d = decide(policyOf(policy), contextOf({ currentReplicas: 2, load: { total, series } }));
    expect(d.desiredReplicas).toBe(want);
  });

  it("names the expected load in the reason", () => {
    const d = decide(
      policyOf({ ...base, lead: lead() }),
      contextOf({ currentReplicas: 2, load: { total: 40, series: rising(40, 0.05) } }),
    );
    expect(d.reason).toMatch(/^scale up 2 -> 6: 6 wanted for .*sized from 55 requests expected in 300 s/);
  });
});

describe("loadSlope", () => {
  it.each<{ name: string; series: Series; from: number; slope: number }>([
    {
      name: "the least-squares slope of the points from `from` on",
      series: rising(40, 0.5),
      from: 880,
      slope: 0.5,
    },
    {
      name: "ignores points before `from`",
      series: [{ t: 0, v: 1000 }, ...rising(40, 0.5)],
      from: 880,
      slope: 0.5,
    },
    { name: "0 with fewer than three points", series: rising(40, 0.5).slice(-2), from: 0, slope: 0 },
  ])("$name", ({ series, from, slope }) => {
    expect(loadSlope(series, from)).toBeCloseTo(slope, 9);
  });
});
