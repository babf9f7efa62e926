import { describe, expect, it } from "vitest";
import {
  CONTESTED_CHANGES,
  CONTESTED_WINDOW_S,
  nextOutsideChanges,
  type OutsideChanges,
} from "../../../../shared/engine/ownership/outsideChanges";
import type { ScalingAction } from "../../../../shared/engine/ports/TargetState";

const applied = (desiredReplicas: number, appliedAt: number | null = 100): ScalingAction => ({
  id: "a:1",
  desiredReplicas,
  desiredInstances: null,
  intendedAt: 90,
  decidedAt: 90,
  appliedAt,
  error: null,
});
const none: OutsideChanges = { at: [], contested: null };

describe("nextOutsideChanges", () => {
  it.each([
    {
      name: "the count driftless applied is no outside change",
      action: applied(4),
      desired: 4,
      mayAct: true,
      at: [],
    },
    {
      name: "a count that differs from the applied one is",
      action: applied(4),
      desired: 2,
      mayAct: true,
      at: [1000],
    },
    {
      name: "an action not yet applied is no reference",
      action: applied(4, null),
      desired: 2,
      mayAct: true,
      at: [],
    },
    { name: "no action yet is no reference", action: null, desired: 2, mayAct: true, at: [] },
    {
      name: "while held (paused, kill switch) nothing is counted",
      action: applied(4),
      desired: 2,
      mayAct: false,
      at: [],
    },
  ])("$name", ({ action, desired, mayAct, at }) => {
    const next = nextOutsideChanges({
      previous: none,
      action,
      serviceDesired: desired,
      mayAct,
      policyVersion: 1,
      now: 1000,
    });
    expect(next).toEqual({ at, contested: null });
  });

  it(`contests the target at the ${CONTESTED_CHANGES}rd change within ${CONTESTED_WINDOW_S} s, not when older ones fell out`, () => {
    const step = (previous: OutsideChanges, now: number) =>
      nextOutsideChanges({
        previous,
        action: applied(4),
        serviceDesired: 2,
        mayAct: true,
        policyVersion: 7,
        now,
      });
    const spread = step(step(step(none, 0), CONTESTED_WINDOW_S / 2), CONTESTED_WINDOW_S + 1);
    expect(spread.contested).toBeNull();
    expect(spread.at).toEqual([CONTESTED_WINDOW_S / 2, CONTESTED_WINDOW_S + 1]);
    const close = step(step(step(none, 0), 60), 120);
    expect(close.contested).toEqual({ since: 120, policyVersion: 7 });
  });

  it("stays contested, counting nothing, until the policy version changes; then counts afresh", () => {
    const contested: OutsideChanges = { at: [0, 60, 120], contested: { since: 120, policyVersion: 7 } };
    const args = { action: applied(4), serviceDesired: 2, mayAct: true, now: 180 };
    expect(nextOutsideChanges({ ...args, previous: contested, policyVersion: 7 })).toEqual(contested);
    expect(nextOutsideChanges({ ...args, previous: contested, policyVersion: 8 })).toEqual({
      at: [180],
      contested: null,
    });
  });
});
