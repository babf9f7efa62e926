import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { aggregateWindow } from "../../../shared/metrics/aggregateWindow";
import type { Datapoint } from "../../../shared/metrics/Datapoint";
import { decide } from "../../../shared/policy/decide";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../../shared/policy/PolicyState";
import { policyOf } from "./policyContext";

const DELAY_EPSILON_S = 1e-6;

interface Scenario {
  readonly delayS: number;
  readonly lookBackS: number;
  readonly periodS: number;
  readonly breachAt: number;
  readonly replicas: number;
  readonly below: "on-target" | "under-target";
  readonly aggregation: "mean" | "max" | "min";
}

/**
 * Runs evaluations at `times` over datapoints that are low before `breachAt` and high from it,
 * through the real aggregation and decision code; returns the time of the first scale-up.
 */
function firstScaleUpAt(s: Scenario, times: readonly number[]): number | null {
  const policy = policyOf({
    min_replicas: 1,
    max_replicas: 100,
    target_ongoing_requests: 2,
    upscale_delay_s: s.delayS,
    downscale_delay_s: 3600,
    look_back_period_s: s.lookBackS,
    aggregation_function: s.aggregation,
  });
  const low = s.below === "on-target" ? s.replicas * 2 : s.replicas;
  const high = s.replicas * 2 * 3;
  const points: Datapoint[] = [];
  const last = times[times.length - 1] ?? 0;
  for (let t = 0; t <= last; t += s.periodS) points.push({ t, v: t >= s.breachAt ? high : low });
  let state: PolicyState = INITIAL_POLICY_STATE;
  for (const now of times) {
    const visible = points.filter((p) => p.t <= now);
    const total = aggregateWindow(visible, { now, lookBackS: s.lookBackS, fn: s.aggregation }).value;
    const d = decide(policy, {
      now,
      currentReplicas: s.replicas,
      targetReplicas: s.replicas,
      state,
      load: { total, series: visible },
    });
    if (d.desiredReplicas > s.replicas) return now;
    state = d.state;
  }
  return null;
}

const scenario = fc
  .record({
    delayS: fc.integer({ min: 1, max: 120 }),
    periodS: fc.constantFrom(1, 5, 10),
    breachSlot: fc.integer({ min: 1, max: 30 }),
    replicas: fc.integer({ min: 1, max: 8 }),
    below: fc.constantFrom("on-target" as const, "under-target" as const),
    aggregation: fc.constantFrom("mean" as const, "max" as const, "min" as const),
    lookBackFraction: fc.double({ min: 0.01, max: 1, noNaN: true }),
  })
  .map(({ breachSlot, lookBackFraction, ...r }) => ({
    ...r,
    breachAt: breachSlot * r.periodS,
    // The look-back fits inside the delay (with room for the delay's 1e-6 s tolerance), so by the
    // deadline the window holds only breaching points.
    lookBackS: Math.max(0.5, Math.min(Math.floor(r.delayS * lookBackFraction), r.delayS - 0.5)),
  }));

/** The evaluation times a cadence produces from a start, up to a horizon past the deadline. */
function cadence(start: number, gap: (k: number) => number, horizon: number): number[] {
  const times: number[] = [];
  let t = start;
  for (let k = 0; t <= horizon && k < 200_000; k++) {
    times.push(t);
    t += gap(k);
  }
  return times;
}

/**
 * When the aggregate over the look-back first wants more (more than 2 per replica), as Ray's loop,
 * evaluating it continuously, would see it: with max at once, with min once the last low point has
 * left the window, with the time-weighted mean where the mix of low and high crosses (the window
 * covers the series from its start at 0 until it is a whole look-back long).
 */
function aggregateBreachAt(s: Scenario): number {
  if (s.aggregation === "min") return s.breachAt + s.lookBackS;
  if (s.aggregation === "max" || s.below === "on-target") return s.breachAt;
  // low = R, high = 6R: R (L - x) + 6R x > 2R L for x = t - breachAt > L / 5, once t >= L;
  // before that the window covers [0, t]: R breachAt + 6R x > 2R t for t > 1.25 breachAt.
  const whole = s.breachAt + s.lookBackS / 5;
  return whole >= s.lookBackS ? whole : 1.25 * s.breachAt;
}

function expectedFirst(times: readonly number[], s: Scenario): number | undefined {
  const breach = aggregateBreachAt(s);
  return times.find((t) => t - breach + DELAY_EPSILON_S >= s.delayS);
}

describe("drift invariance: a delay is elapsed time on the metric timeline, never a count of evaluations", () => {
  it.each([
    { name: "every 0.1 s", gap: 0.1 },
    { name: "every 0.35 s (Ray's loop under load)", gap: 0.35 },
    { name: "every 13 s", gap: 13 },
  ])(
    "scales up at the first evaluation at or after the aggregate's breach + upscale_delay_s, evaluating $name",
    ({ gap }) => {
      fc.assert(
        fc.property(scenario, fc.double({ min: 0, max: 1, noNaN: true }), (s, phase) => {
          const times = cadence(phase * gap, () => gap, s.breachAt + s.lookBackS + s.delayS + 3 * gap + 1);
          expect(firstScaleUpAt(s, times)).toBe(expectedFirst(times, s));
        }),
        { numRuns: gap < 1 ? 15 : 60 },
      );
    },
  );

  it("scales up at the first evaluation at or after the aggregate's breach + upscale_delay_s, evaluating at random gaps", () => {
    fc.assert(
      fc.property(
        scenario,
        fc.array(fc.double({ min: 0.05, max: 20, noNaN: true }), { minLength: 1, maxLength: 50 }),
        (s, gaps) => {
          const times = cadence(0.5, (k) => gaps[k % gaps.length]!, s.breachAt + s.lookBackS + s.delayS + 45);
          expect(firstScaleUpAt(s, times)).toBe(expectedFirst(times, s));
        },
      ),
      { numRuns: 100 },
    );
  });
});
