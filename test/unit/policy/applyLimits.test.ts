import { describe, expect, it } from "vitest";
import { applyLimits, type LimitArgs, type LimitOutcome } from "../../../shared/policy/applyLimits";
import { INITIAL_POLICY_STATE } from "../../../shared/policy/PolicyState";

const args = (over: Partial<LimitArgs>): LimitArgs => ({
  decision: 8,
  targetReplicas: 2,
  now: 1000,
  limits: { scale_in_pause_s: 0 },
  state: INITIAL_POLICY_STATE,
  ...over,
});

describe("applyLimits", () => {
  it.each<{ name: string; args: Partial<LimitArgs>; expected: LimitOutcome }>([
    {
      name: "lets a change through when no limit is set",
      args: {},
      expected: { decision: 8, limitedBy: null, permittedAt: null },
    },
    {
      name: "adds at most max_step_up replicas at once",
      args: { limits: { scale_in_pause_s: 0, max_step_up: 3 } },
      expected: { decision: 5, limitedBy: "max_step_up 3", permittedAt: null },
    },
    {
      name: "counts only the scale-ups of the last 60 s against max_up_per_minute",
      args: {
        limits: { scale_in_pause_s: 0, max_up_per_minute: 4 },
        state: {
          ...INITIAL_POLICY_STATE,
          recentUps: [
            { at: 930, added: 5 },
            { at: 960, added: 1 },
          ],
        },
      },
      expected: {
        decision: 5,
        limitedBy: "max_up_per_minute 4 (1 added in the last 60 s)",
        permittedAt: null,
      },
    },
    {
      name: "permits the next scale-up when the oldest one of the window leaves it",
      args: {
        limits: { scale_in_pause_s: 0, max_up_per_minute: 3 },
        state: {
          ...INITIAL_POLICY_STATE,
          recentUps: [
            { at: 950, added: 2 },
            { at: 990, added: 1 },
          ],
        },
      },
      expected: {
        decision: 2,
        limitedBy: "max_up_per_minute 3 (3 added in the last 60 s)",
        permittedAt: 1010,
      },
    },
    {
      name: "caps growth at an external budget share but never below the target",
      args: { cap: { replicas: 1, note: "group budget" } },
      expected: { decision: 2, limitedBy: "group budget", permittedAt: null },
    },
    {
      name: "names the last limit that cut the step",
      args: { limits: { scale_in_pause_s: 0, max_step_up: 5 }, cap: { replicas: 4, note: "group budget" } },
      expected: { decision: 4, limitedBy: "group budget", permittedAt: null },
    },
    {
      name: "holds a scale-down within scale_in_pause_s of the last scale-up",
      args: {
        decision: 1,
        limits: { scale_in_pause_s: 300 },
        state: { ...INITIAL_POLICY_STATE, lastScaleUpAt: 900 },
      },
      expected: { decision: 2, limitedBy: "scale_in_pause_s 300", permittedAt: 1200 },
    },
    {
      name: "lets a scale-down through once the pause is over",
      args: {
        decision: 1,
        limits: { scale_in_pause_s: 100 },
        state: { ...INITIAL_POLICY_STATE, lastScaleUpAt: 900 },
      },
      expected: { decision: 1, limitedBy: null, permittedAt: null },
    },
    {
      name: "never paces a scale-down with the scale-up limits",
      args: { decision: 0, limits: { scale_in_pause_s: 0, max_step_up: 1, max_up_per_minute: 1 } },
      expected: { decision: 0, limitedBy: null, permittedAt: null },
    },
  ])("$name", ({ args: over, expected }) => {
    expect(applyLimits(args(over))).toEqual(expected);
  });
});
