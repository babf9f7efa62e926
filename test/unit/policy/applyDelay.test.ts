import { describe, expect, it } from "vitest";
import { applyDelay, type BreachStarts, type DelayArgs } from "../../../shared/policy/applyDelay";
import type { RayParams } from "../../../shared/policy/ResolvedPolicy";

const RAY: RayParams = {
  minReplicas: 0,
  maxReplicas: 20,
  targetOngoingRequests: 2,
  upscaleDelayS: 30,
  downscaleDelayS: 600,
  downscaleToZeroDelayS: undefined,
  upscalingFactor: 1,
  downscalingFactor: 1,
};
const NO_BREACH: BreachStarts = { up: null, down: null };
const args = (over: Partial<DelayArgs>): DelayArgs => ({
  scaled: 4,
  targetReplicas: 2,
  now: 1000,
  counter: 0,
  ts: null,
  ray: RAY,
  breachStarts: NO_BREACH,
  ...over,
});

describe("applyDelay", () => {
  it.each<{ name: string; args: Partial<DelayArgs>; expected: Partial<ReturnType<typeof applyDelay>> }>([
    {
      name: "starts an up timer at now and holds the target",
      args: {},
      expected: {
        decision: 2,
        direction: "up",
        fired: false,
        counter: 1,
        ts: 1000,
        startedAt: 1000,
        delayS: 30,
      },
    },
    {
      name: "starts a new up timer at the breach start read from the timeline",
      args: { breachStarts: { up: 960, down: null } },
      expected: { decision: 4, fired: true, counter: 0, ts: null, startedAt: 960 },
    },
    {
      name: "never starts a timer after now, whatever the timeline says",
      args: { breachStarts: { up: 1500, down: null } },
      expected: { fired: false, ts: 1000 },
    },
    {
      name: "keeps a running up timer and fires once the delay elapsed",
      args: { counter: 3, ts: 970 },
      expected: { decision: 4, fired: true, counter: 0, ts: null, startedAt: 970, wanted: 4 },
    },
    {
      name: "fires within Ray's 1e-6 s tolerance",
      args: { counter: 1, ts: 1000 - 30 + 5e-7 },
      expected: { fired: true },
    },
    {
      name: "resets a down timer when an up is wanted",
      args: { counter: -4, ts: 100 },
      expected: { fired: false, counter: 1, ts: 1000 },
    },
    {
      name: "resets an up timer when a down is wanted, and counts down",
      args: { scaled: 1, targetReplicas: 3, counter: 2, ts: 100 },
      expected: { direction: "down", fired: false, counter: -1, ts: 1000, delayS: 600 },
    },
    {
      name: "stops a downscale at one while the target is above one",
      args: { scaled: 0, targetReplicas: 3, counter: -1, ts: 0 },
      expected: { decision: 1, direction: "down", fired: true, wanted: 1 },
    },
    {
      name: "takes the last step to zero after downscale_to_zero_delay_s",
      args: {
        scaled: 0,
        targetReplicas: 1,
        counter: -1,
        ts: 900,
        ray: { ...RAY, downscaleToZeroDelayS: 100 },
      },
      expected: { decision: 0, fired: true, delayS: 100, wanted: 0 },
    },
    {
      name: "uses downscale_delay_s for the step to zero when downscale_to_zero_delay_s is unset",
      args: { scaled: 0, targetReplicas: 1, counter: -1, ts: 900 },
      expected: { decision: 1, fired: false, delayS: 600 },
    },
    {
      name: "floors a negative count at zero and wants nothing at the target",
      args: { scaled: -3, targetReplicas: 0, counter: 5, ts: 10 },
      expected: {
        decision: 0,
        direction: "none",
        fired: false,
        counter: 0,
        ts: null,
        wanted: 0,
        startedAt: null,
      },
    },
    {
      name: "resets every timer when the count matches the target",
      args: { scaled: 2, targetReplicas: 2, counter: -3, ts: 500 },
      expected: { decision: 2, direction: "none", counter: 0, ts: null, delayS: 0 },
    },
    {
      name: "holds a scale-down whose delay has elapsed on the clock but not in the datapoints read",
      args: { scaled: 1, targetReplicas: 3, counter: -5, ts: 395, observedUntil: 985 },
      // Wanted from 395, seen up to 985: 590 s of 600; the data lags 15 s, so it is due at 1010.
      expected: { decision: 3, direction: "down", fired: false, ts: 395, elapsedS: 590, firesAt: 1010 },
    },
    {
      name: "scales down once the datapoints read cover the whole delay",
      args: { scaled: 1, targetReplicas: 3, counter: -5, ts: 380, observedUntil: 985 },
      expected: { decision: 1, fired: true, elapsedS: 605, firesAt: null },
    },
    {
      name: "lets a scale-up act at its deadline while the newest datapoints are still being published",
      args: { counter: 2, ts: 965, observedUntil: 985 },
      expected: { decision: 4, direction: "up", fired: true, elapsedS: 35 },
    },
    {
      name: "never counts observed time beyond now (a datapoint stamped ahead of the clock)",
      args: { scaled: 1, targetReplicas: 3, counter: -5, ts: 395, observedUntil: 1200 },
      expected: { fired: true, elapsedS: 605 },
    },
    {
      name: "says when a running timer is due when the datapoints keep up with the clock",
      args: { counter: 1, ts: 990 },
      expected: { fired: false, elapsedS: 10, firesAt: 1020 },
    },
  ])("$name", ({ args: over, expected }) => {
    expect(applyDelay(args(over))).toMatchObject(expected);
  });
});
