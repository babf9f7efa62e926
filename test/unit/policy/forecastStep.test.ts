import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DecisionInput, decide, type ForecastFloorInput } from "../../../shared/policy/decide";
import { clockTime, forecastNote } from "../../../shared/policy/forecastStep";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../../shared/policy/PolicyState";
import { ceilingsArb, EPOCH, inputOf, policyArb, stepArb } from "./decisionArbitraries";
import { contextOf, policyOf } from "./policyContext";

const NOW = 1000;
const floor = (replicas: number, acts = true, risenAt = NOW): ForecastFloorInput => ({
  replicas,
  at: NOW + 300,
  madeAt: 0,
  risenAt,
  acts,
});
const RAY: PolicyInput = {
  min_replicas: 1,
  max_replicas: 10,
  target_ongoing_requests: 2,
  upscale_delay_s: 30,
  downscale_delay_s: 600,
};

describe("forecastStep", () => {
  it.each<{
    name: string;
    policy?: PolicyInput;
    input: Parameters<typeof contextOf>[0];
    desired: number;
    reason: RegExp;
    intendedAt?: number | null;
  }>([
    {
      name: "raises to the floor at once, not after upscale_delay_s",
      input: { currentReplicas: 2, total: 4, forecast: floor(5, true, 940) },
      desired: 5,
      reason:
        /^scale up 2 -> 5: forecast needs 5 replicas at 00:21 UTC \(forecast made 00:00 UTC; 2 without the floor\)$/,
      intendedAt: 940,
    },
    {
      name: "leaves a higher reactive decision alone",
      policy: { ...RAY, upscale_delay_s: 0 },
      input: { currentReplicas: 2, total: 12, forecast: floor(3) },
      desired: 6,
      reason: /^scale up 2 -> 6: 6 wanted/,
    },
    {
      name: "stops a due scale-down at the floor, meant when the delay fired",
      input: {
        currentReplicas: 6,
        total: 2,
        forecast: floor(4, true, 0),
        state: { counter: -1, ts: 0 },
      },
      desired: 4,
      reason: /^scale down 6 -> 4: forecast needs 4 replicas/,
      intendedAt: 600,
    },
    {
      name: "dates a scale-down to the floor no earlier than the floor came down to its value",
      input: {
        currentReplicas: 6,
        total: 2,
        forecast: floor(4, true, 900),
        state: { counter: -1, ts: 0 },
      },
      desired: 4,
      reason: /^scale down 6 -> 4: forecast needs 4 replicas/,
      intendedAt: 900,
    },
    {
      name: "holds a count the floor still needs, naming the forecast",
      input: { currentReplicas: 4, total: 0, forecast: floor(4), state: { counter: -1, ts: 0 } },
      desired: 4,
      reason: /^hold at 4: forecast needs 4 replicas/,
      intendedAt: null,
    },
    {
      name: "records without acting in forecast_only",
      input: { currentReplicas: 2, total: 4, forecast: floor(5, false) },
      desired: 2,
      reason: /^hold at 2: /,
    },
    {
      name: "is still bounded by max_replicas",
      input: { currentReplicas: 2, total: 4, forecast: floor(40, true, 950) },
      desired: 10,
      reason: /^scale up 2 -> 10: max_replicas 10 \(forecast floor 40\)$/,
      intendedAt: 950,
    },
    {
      name: "is still paced by the limits",
      policy: { ...RAY, limits: { max_step_up: 2 } },
      input: { currentReplicas: 2, total: 4, forecast: floor(8) },
      desired: 4,
      reason: /^scale up 2 -> 4: limited by max_step_up 2 \(forecast floor 8\)$/,
    },
    {
      name: "raises on missing data too (the floor never lowers a fallback hold)",
      input: { currentReplicas: 2, total: null, load: { total: null }, forecast: floor(3) },
      desired: 3,
      reason: /^scale up 2 -> 3: forecast needs 3 replicas/,
    },
  ])("$name", ({ policy, input, desired, reason, intendedAt }) => {
    const d = decide(policyOf(policy ?? RAY), contextOf({ now: NOW, ...input }));
    expect(d.desiredReplicas).toBe(desired);
    expect(d.reason).toMatch(reason);
    if (intendedAt !== undefined) expect(d.intendedAt).toBe(intendedAt);
  });

  it("is absent without a forecast: no trace step", () => {
    const d = decide(policyOf(RAY), contextOf({ now: NOW, currentReplicas: 2, total: 4 }));
    expect(d.trace.map((s) => s.step)).not.toContain("forecast");
  });

  it("traces a forecast_only floor, saying it is not acted on", () => {
    const d = decide(
      policyOf(RAY),
      contextOf({ now: NOW, currentReplicas: 2, total: 4, forecast: floor(5, false) }),
    );
    expect(d.trace.find((s) => s.step === "forecast")).toEqual({
      step: "forecast",
      out: 2,
      note: forecastNote(floor(5, false)),
    });
    expect(forecastNote(floor(5, false))).toMatch(/forecast_only: not acted on/);
  });
});

describe("forecastStep properties", () => {
  const without = (input: DecisionInput): DecisionInput => {
    const { forecast: _ignored, ...rest } = input;
    return rest;
  };
  it("never lowers the decision, and forecast_only never changes it, on random policies, loads and states", () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(stepArb, { minLength: 1, maxLength: 20 }),
        ceilingsArb,
        (policy, steps, ceilings) => {
          let state: PolicyState = INITIAL_POLICY_STATE;
          let target = policy.initialReplicas;
          let now = EPOCH;
          for (const step of steps) {
            now += step.gap;
            const input = inputOf({ step, now, target, state, ceilings });
            const d = decide(policy, input);
            const reactive = decide(policy, without(input));
            if (input.forecast?.acts)
              expect(d.desiredReplicas).toBeGreaterThanOrEqual(reactive.desiredReplicas);
            else expect(d.desiredReplicas).toBe(reactive.desiredReplicas);
            target = d.desiredReplicas;
            state = d.state;
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe("clockTime", () => {
  const byDate = (atS: number) => `${new Date(atS * 1000).toISOString().slice(11, 16)} UTC`;

  it.each([
    ["the epoch", 0, "00:00 UTC"],
    ["the last second of a day", 86_399.999, "23:59 UTC"],
    ["a time before the epoch", -1, "23:59 UTC"],
    ["a fraction of a millisecond before the epoch (Date truncates)", -0.0004, "00:00 UTC"],
  ])("gives HH:MM UTC of %s", (_name, atS, expected) => {
    expect(clockTime(atS)).toBe(expected);
  });

  it("is what Date's ISO string says, for any whole or fractional second Date can hold", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -8_640_000_000_000, max: 8_640_000_000_000 }),
          fc.double({ min: -8.64e12, max: 8.64e12, noNaN: true }),
          fc.integer({ min: 1_700_000_000, max: 1_900_000_000 }).map((s) => s + 0.5),
        ),
        (atS) => {
          expect(clockTime(atS)).toBe(byDate(atS));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("throws as Date does for a time it cannot hold", () => {
    expect(() => clockTime(Number.NaN)).toThrow(RangeError);
    expect(() => clockTime(9e12)).toThrow(RangeError);
  });
});
