import { describe, expect, it } from "vitest";
import { decide } from "../../../shared/policy/decide";
import { contextOf, policyOf } from "./policyContext";

const zeroDelays = { upscale_delay_s: 0, downscale_delay_s: 0, min_replicas: 0, max_replicas: 100 };

describe("Ray's default policy, step by step (delays 0, target = current)", () => {
  // The reference's worked values, then more of the same shape.
  it.each([
    { total: 6.4, current: 4, up: 1, down: 1, expected: 4, why: "raw 3.2 ceils back to 4" },
    { total: 6.0, current: 4, up: 1, down: 1, expected: 3, why: "raw 3 is below 4" },
    {
      total: 7.0,
      current: 4,
      up: 1,
      down: 0.5,
      expected: 4,
      why: "ceil(4 - 0.25) = 4, ceil(raw) = 4 is not below current",
    },
    {
      total: 6.0,
      current: 4,
      up: 1,
      down: 0.5,
      expected: 3,
      why: "the minus-one rule: ceil(3.5) = 4 == current, ceil(3) < 4",
    },
    { total: 40, current: 4, up: 0.5, down: 1, expected: 12, why: "4 + 0.5 x (20 - 4)" },
    { total: 40, current: 4, up: 2, down: 1, expected: 36, why: "4 + 2 x 16" },
    { total: 9, current: 4, up: 1, down: 1, expected: 5, why: "raw 4.5 ceils to 5" },
    { total: 8, current: 4, up: 1, down: 1, expected: 4, why: "exactly at target" },
    {
      total: 0,
      current: 4,
      up: 1,
      down: 1,
      expected: 1,
      why: "no load: down to 1, never straight to 0 from 4",
    },
    { total: 0, current: 4, up: 1, down: 0.25, expected: 3, why: "ceil(4 - 1) = 3" },
    {
      total: 1,
      current: 10,
      up: 1,
      down: 0.1,
      expected: 9,
      why: "ceil(10 - 0.95) = 10 == current; minus one",
    },
    { total: 2.2, current: 1, up: 1, down: 1, expected: 2, why: "raw 1.1 ceils to 2" },
  ])(
    "total $total on $current replicas (up $up, down $down) decides $expected: $why",
    ({ total, current, up, down, expected }) => {
      // arrange
      const policy = policyOf({ ...zeroDelays, upscaling_factor: up, downscaling_factor: down });
      // act
      const decision = decide(policy, contextOf({ currentReplicas: current, total }));
      // assert
      expect(decision.desiredReplicas).toBe(expected);
    },
  );

  it.each([
    {
      fields: { smoothing_factor: 0.5 },
      total: 40,
      expected: 12,
      why: "smoothing_factor feeds the up factor",
    },
    { fields: { upscale_smoothing_factor: 0.5 }, total: 40, expected: 12, why: "deprecated up name" },
    {
      fields: { upscale_smoothing_factor: 0.5, upscaling_factor: 2 },
      total: 40,
      expected: 36,
      why: "the new name wins",
    },
    {
      fields: { smoothing_factor: 2, upscale_smoothing_factor: 0.5 },
      total: 40,
      expected: 12,
      why: "specific alias beats smoothing_factor",
    },
    {
      fields: { smoothing_factor: 0.5 },
      total: 6,
      expected: 3,
      why: "smoothing_factor feeds the down factor too",
    },
    {
      fields: { downscale_smoothing_factor: 0.25, smoothing_factor: 1 },
      total: 0,
      expected: 3,
      why: "deprecated down name",
    },
    {
      fields: { target_num_ongoing_requests_per_replica: 4 },
      total: 40,
      expected: 10,
      why: "deprecated target name",
    },
    {
      fields: { target_num_ongoing_requests_per_replica: 4, target_ongoing_requests: 8 },
      total: 40,
      expected: 5,
      why: "new target name wins",
    },
  ])("deprecated aliases resolve like Ray: $why", ({ fields, total, expected }) => {
    const decision = decide(policyOf({ ...zeroDelays, ...fields }), contextOf({ currentReplicas: 4, total }));
    expect(decision.desiredReplicas).toBe(expected);
  });
});

describe("cold start and zero", () => {
  it.each([
    { up: 1, target: 0, expected: 1 },
    { up: 0.5, target: 0, expected: 1 },
    { up: 2.5, target: 0, expected: 3 },
    { up: 1, target: 3, expected: 3 },
  ])(
    "with no running replica and load, goes at once to max(ceil($up), target $target) = $expected",
    ({ up, target, expected }) => {
      const policy = policyOf({
        min_replicas: 0,
        max_replicas: 10,
        upscale_delay_s: 300,
        upscaling_factor: up,
      });
      const decision = decide(policy, contextOf({ currentReplicas: 0, targetReplicas: target, total: 5 }));
      expect(decision.desiredReplicas).toBe(expected);
      expect(decision.reason).toMatch(/cold start/);
    },
  );

  it("cold start leaves the delay state untouched", () => {
    const policy = policyOf({ min_replicas: 0, max_replicas: 10 });
    const state = { counter: -3, ts: 900 };
    const decision = decide(policy, contextOf({ currentReplicas: 0, targetReplicas: 0, total: 1, state }));
    expect(decision.state.counter).toBe(-3);
    expect(decision.state.ts).toBe(900);
  });

  it("with no running replica and no load, keeps a positive target without delay (zero bypass)", () => {
    const policy = policyOf({ min_replicas: 0, max_replicas: 10, upscale_delay_s: 300 });
    const decision = decide(policy, contextOf({ currentReplicas: 0, targetReplicas: 2, total: 0 }));
    expect(decision.desiredReplicas).toBe(2);
  });

  it("stays at zero with no running replica, no load and a zero target", () => {
    const policy = policyOf({ min_replicas: 0, max_replicas: 10 });
    const decision = decide(policy, contextOf({ currentReplicas: 0, targetReplicas: 0, total: 0 }));
    expect(decision.desiredReplicas).toBe(0);
    expect(decision.direction).toBe("none");
  });
});

describe("delays on elapsed time", () => {
  const policy = policyOf({ min_replicas: 0, max_replicas: 10, upscale_delay_s: 30, downscale_delay_s: 600 });

  it("does not scale up before the delay elapses and remembers when it was first wanted", () => {
    const decision = decide(policy, contextOf({ now: 1000, currentReplicas: 2, total: 10 }));
    expect(decision.desiredReplicas).toBe(2);
    expect(decision.state.ts).toBe(1000);
    expect(decision.state.counter).toBe(1);
    expect(decision.pendingDelay).toEqual({ direction: "up", wanted: 5, since: 1000, firesAt: 1030 });
  });

  it("scales up once the elapsed time reaches the delay, however few evaluations ran", () => {
    const decision = decide(
      policy,
      contextOf({ now: 1030, currentReplicas: 2, total: 10, state: { counter: 1, ts: 1000 } }),
    );
    expect(decision.desiredReplicas).toBe(5);
    expect(decision.state.ts).toBeNull();
    expect(decision.state.counter).toBe(0);
    expect(decision.intendedAt).toBe(1030);
  });

  it("fires on the elapsed-time tolerance of 1e-6 s like Ray", () => {
    const decision = decide(
      policy,
      contextOf({ now: 1029.9999995, currentReplicas: 2, total: 10, state: { counter: 1, ts: 1000 } }),
    );
    expect(decision.desiredReplicas).toBe(5);
  });

  it("fires the evaluation's own wanted value, not the one the timer started with", () => {
    const decision = decide(
      policy,
      contextOf({ now: 1031, currentReplicas: 2, total: 16, state: { counter: 7, ts: 1000 } }),
    );
    expect(decision.desiredReplicas).toBe(8);
  });

  it("a direction flip resets the timer to this evaluation", () => {
    const decision = decide(
      policy,
      contextOf({ now: 1100, currentReplicas: 4, total: 2, state: { counter: 5, ts: 1000 } }),
    );
    expect(decision.desiredReplicas).toBe(4);
    expect(decision.state.counter).toBe(-1);
    expect(decision.state.ts).toBe(1100);
  });

  it("no change wanted resets the timer", () => {
    const decision = decide(
      policy,
      contextOf({ now: 1100, currentReplicas: 4, total: 8, state: { counter: 5, ts: 1000 } }),
    );
    expect(decision.state).toMatchObject({ counter: 0, ts: null });
  });

  it("a delay of 0 fires on the first evaluation", () => {
    const quick = policyOf({ max_replicas: 10, upscale_delay_s: 0 });
    expect(decide(quick, contextOf({ currentReplicas: 2, total: 10 })).desiredReplicas).toBe(5);
  });

  it("scales n -> 1 after downscale_delay_s, then 1 -> 0 after downscale_to_zero_delay_s", () => {
    // arrange
    const toZero = policyOf({
      min_replicas: 0,
      max_replicas: 10,
      downscale_delay_s: 60,
      downscale_to_zero_delay_s: 300,
    });
    // act: 4 replicas with no load
    const first = decide(toZero, contextOf({ now: 0, currentReplicas: 4, total: 0 }));
    const second = decide(toZero, contextOf({ now: 60, currentReplicas: 4, total: 0, state: first.state }));
    const third = decide(toZero, contextOf({ now: 61, currentReplicas: 1, total: 0, state: second.state }));
    const early = decide(toZero, contextOf({ now: 300, currentReplicas: 1, total: 0, state: third.state }));
    const last = decide(toZero, contextOf({ now: 361, currentReplicas: 1, total: 0, state: third.state }));
    // assert
    expect([first.desiredReplicas, second.desiredReplicas]).toEqual([4, 1]);
    expect(third.desiredReplicas).toBe(1);
    expect(early.desiredReplicas).toBe(1);
    expect(last.desiredReplicas).toBe(0);
  });

  it("the 1 -> 0 step falls back to downscale_delay_s when downscale_to_zero_delay_s is unset", () => {
    const p = policyOf({ min_replicas: 0, max_replicas: 10, downscale_delay_s: 60 });
    const d = decide(p, contextOf({ now: 60, currentReplicas: 1, total: 0, state: { counter: -4, ts: 0 } }));
    expect(d.desiredReplicas).toBe(0);
  });
});

describe("bounds come last", () => {
  it("clamps a fired scale-up to max_replicas", () => {
    const p = policyOf({ min_replicas: 1, max_replicas: 6, upscale_delay_s: 0 });
    expect(decide(p, contextOf({ currentReplicas: 4, total: 40 })).desiredReplicas).toBe(6);
  });

  it("keeps the delay comparing against the unclamped wanted value", () => {
    const p = policyOf({ min_replicas: 1, max_replicas: 4, upscale_delay_s: 30 });
    const d = decide(p, contextOf({ now: 10, currentReplicas: 4, total: 40 }));
    // 20 > target 4: the timer runs even though the bound will cap it.
    expect(d.state.counter).toBe(1);
    expect(d.desiredReplicas).toBe(4);
  });

  it("raises a target below min_replicas at once", () => {
    const p = policyOf({ min_replicas: 3, max_replicas: 5 });
    expect(decide(p, contextOf({ currentReplicas: 1, total: 0 })).desiredReplicas).toBe(3);
  });

  it("never goes below min_replicas on a scale-down", () => {
    const p = policyOf({ min_replicas: 2, max_replicas: 8, downscale_delay_s: 0 });
    expect(decide(p, contextOf({ currentReplicas: 6, total: 0 })).desiredReplicas).toBe(2);
  });
});

describe("intended time", () => {
  it("is the delay's deadline even when bounds cap the step, so a late evaluation shows its lateness", () => {
    const p = policyOf({ min_replicas: 1, max_replicas: 4, upscale_delay_s: 30 });
    const d = decide(
      p,
      contextOf({ now: 1042, currentReplicas: 2, total: 50, state: { counter: 2, ts: 1000 } }),
    );
    expect(d.desiredReplicas).toBe(4);
    expect(d.intendedAt).toBe(1030);
  });
});
