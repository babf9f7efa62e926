import { describe, expect, it } from "vitest";
import { decide } from "../../../shared/policy/decide";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import { contextOf, policyOf } from "./policyContext";

describe("paused", () => {
  it("holds the current target and decides nothing, whatever the load", () => {
    const p = policyOf({ max_replicas: 10, upscale_delay_s: 0, paused: true });
    const d = decide(p, contextOf({ currentReplicas: 2, total: 100, state: { counter: 3, ts: 5 } }));
    expect(d.desiredReplicas).toBe(2);
    expect(d.state).toMatchObject({ counter: 3, ts: 5 });
    expect(d.reason).toMatch(/paused/);
  });
});

describe("partial pause", () => {
  it.each<{ paused: "scale_in" | "scale_out"; total: number; want: number }>([
    { paused: "scale_in", total: 2, want: 4 },
    { paused: "scale_in", total: 16, want: 8 },
    { paused: "scale_out", total: 16, want: 4 },
    { paused: "scale_out", total: 2, want: 1 },
  ])(
    "paused $paused with load $total from 4 decides $want: the held direction holds, the other scales",
    (c) => {
      const p = policyOf({ max_replicas: 10, upscale_delay_s: 0, downscale_delay_s: 0, paused: c.paused });
      const d = decide(p, contextOf({ currentReplicas: 4, total: c.total }));
      expect(d.desiredReplicas).toBe(c.want);
      if (c.want === 4)
        expect(d.reason).toMatch(new RegExp(`^hold at 4: paused ${c.paused}: holding at 4 \\(`));
      else expect(d.reason).not.toMatch(/paused/);
    },
  );

  it("keeps a fired scale-down delay armed, so the change comes as soon as the pause is lifted", () => {
    const held = policyOf({ max_replicas: 10, downscale_delay_s: 60, paused: "scale_in" });
    const first = decide(held, contextOf({ currentReplicas: 4, total: 2, state: { counter: -1, ts: 900 } }));
    expect(first.desiredReplicas).toBe(4);
    expect(first.state).toMatchObject({ counter: -1, ts: 900 });
    const resumed = policyOf({ max_replicas: 10, downscale_delay_s: 60 });
    const next = decide(resumed, contextOf({ currentReplicas: 4, total: 2, state: first.state }));
    expect(next.desiredReplicas).toBe(1);
  });

  it("is not a Ray-only policy (its decisions differ from Ray's), while shadow mode is", () => {
    expect(policyOf({ max_replicas: 4, paused: "scale_in" }).rayOnly).toBe(false);
    expect(policyOf({ max_replicas: 4, shadow: true }).rayOnly).toBe(true);
  });
});

describe("missing load data", () => {
  const p = policyOf({
    min_replicas: 1,
    max_replicas: 10,
    downscale_delay_s: 0,
    fallback: { failure_threshold: 2, action: "fixed", replicas: 4 },
  });

  it("holds and counts the failure, never scaling down", () => {
    const d = decide(p, contextOf({ currentReplicas: 6, load: { total: null, failure: "no datapoints" } }));
    expect(d.desiredReplicas).toBe(6);
    expect(d.state.metricFailures).toBe(1);
    expect(d.reason).toMatch(/no datapoints/);
  });

  it("after failure_threshold failures goes to at least the fixed fallback count", () => {
    const d = decide(
      p,
      contextOf({ currentReplicas: 2, load: { total: null }, state: { metricFailures: 1 } }),
    );
    expect(d.desiredReplicas).toBe(4);
    expect(d.reason).toMatch(/fallback/);
  });

  it("a fixed fallback below the current target never scales down", () => {
    const d = decide(
      p,
      contextOf({ currentReplicas: 8, load: { total: null }, state: { metricFailures: 5 } }),
    );
    expect(d.desiredReplicas).toBe(8);
  });

  it("leaves running delay timers as they were", () => {
    const d = decide(
      p,
      contextOf({ currentReplicas: 2, load: { total: null }, state: { counter: 4, ts: 900 } }),
    );
    expect(d.state).toMatchObject({ counter: 4, ts: 900 });
  });

  it("a readable load resets the failure count", () => {
    const d = decide(p, contextOf({ currentReplicas: 2, total: 4, state: { metricFailures: 7 } }));
    expect(d.state.metricFailures).toBe(0);
  });

  it.each([Number.NaN, Number.POSITIVE_INFINITY, -3])(
    "treats a nonsensical total (%s) as missing data",
    (total) => {
      const d = decide(p, contextOf({ currentReplicas: 5, total }));
      expect(d.desiredReplicas).toBe(5);
      expect(d.state.metricFailures).toBe(1);
    },
  );
});

describe("pending awareness", () => {
  // 4 running + 4 starting after a scale-up at t=990 (target 8); the backlog makes the load look like 12.
  const starting = { now: 1000, currentReplicas: 4, pendingReplicas: 4, targetReplicas: 8 };
  const base = { max_replicas: 20, upscale_delay_s: 0, downscale_delay_s: 0 };
  const inFlight = { ...base, upscaling_factor: 0.5, pending: { scale_from_in_flight: true } };
  it.each<{ name: string; policy: PolicyInput; over: Partial<typeof starting>; total: number; want: number }>(
    [
      {
        name: "by default, demand above running + starting still scales up (never held)",
        policy: base,
        over: {},
        total: 24,
        want: 12,
      },
      {
        name: "by default, demand within running + starting buys nothing twice",
        policy: base,
        over: {},
        total: 16,
        want: 8,
      },
      {
        name: "hold_scale_up (opt-in) holds a further scale-up while replicas start",
        policy: { ...base, pending: { hold_scale_up: true } },
        over: {},
        total: 24,
        want: 8,
      },
      {
        name: "hold_scale_up scales on once the starting replicas outlive pending.timeout_s",
        policy: { ...base, pending: { hold_scale_up: true } },
        over: { now: 2000 },
        total: 24,
        want: 12,
      },
      // raw 12; Ray damps from 4 running: 4 + 0.5 x 8 = 8 (= target, no move); from 8 in flight: 8 + 0.5 x 4 = 10.
      {
        name: "scale_from_in_flight damps a scale-up from running + starting, not running alone",
        policy: inFlight,
        over: {},
        total: 24,
        want: 10,
      },
      {
        name: "by default a damped scale-up moves from running alone, as Ray's does",
        policy: { ...base, upscaling_factor: 0.5 },
        over: {},
        total: 24,
        want: 8,
      },
      {
        name: "with nothing starting scale_from_in_flight damps as Ray does",
        policy: inFlight,
        over: { pendingReplicas: 0, targetReplicas: 4 },
        total: 24,
        want: 8,
      },
      { name: "scale-downs are never held", policy: base, over: {}, total: 2, want: 1 },
    ],
  )("$name", ({ policy, over, total, want }) => {
    const d = decide(
      policyOf(policy),
      contextOf({ ...starting, ...over, total, state: { lastScaleUpAt: 990 } }),
    );
    expect(d.desiredReplicas).toBe(want);
  });

  it("says the hold is the starting replicas' when hold_scale_up holds", () => {
    const p = policyOf({ ...base, pending: { hold_scale_up: true } });
    const d = decide(p, contextOf({ ...starting, total: 24, state: { lastScaleUpAt: 990 } }));
    expect(d.reason).toMatch(/still starting/);
  });

  it("names the starting replicas in the reason when it sizes from them", () => {
    const d = decide(
      policyOf(inFlight),
      contextOf({ ...starting, total: 24, state: { lastScaleUpAt: 990 } }),
    );
    expect(d.reason).toMatch(/^scale up 8 -> 10: 10 wanted for .*4 running \+ 4 starting/);
  });
});

describe("limits", () => {
  it("adds at most max_step_up replicas at once and keeps the delay armed to continue", () => {
    const p = policyOf({ max_replicas: 40, upscale_delay_s: 30, limits: { max_step_up: 2 } });
    const first = decide(
      p,
      contextOf({ now: 1030, currentReplicas: 2, total: 20, state: { counter: 3, ts: 1000 } }),
    );
    expect(first.desiredReplicas).toBe(4);
    expect(first.reason).toMatch(/max_step_up/);
    const next = decide(
      p,
      contextOf({ now: 1040, currentReplicas: 4, targetReplicas: 4, total: 20, state: first.state }),
    );
    expect(next.desiredReplicas).toBe(6);
  });

  it("adds at most max_up_per_minute replicas within any 60 s", () => {
    const p = policyOf({ max_replicas: 40, upscale_delay_s: 0, limits: { max_up_per_minute: 3 } });
    const d = decide(
      p,
      contextOf({ now: 1000, currentReplicas: 2, total: 20, state: { recentUps: [{ at: 970, added: 2 }] } }),
    );
    expect(d.desiredReplicas).toBe(3);
    const later = decide(p, contextOf({ now: 1031, currentReplicas: 3, total: 20, state: d.state }));
    // 970's two replicas have left the window; 1000's one remains.
    expect(later.desiredReplicas).toBe(5);
  });

  it("caps replicas by max_gpus / gpus_per_task", () => {
    const p = policyOf({
      max_replicas: 40,
      upscale_delay_s: 0,
      target: { cluster: "c", service: "s", capacity: { gpus_per_task: 2, gpus_per_instance: 4 } },
      limits: { max_gpus: 10 },
    });
    expect(decide(p, contextOf({ currentReplicas: 2, total: 100 })).desiredReplicas).toBe(5);
  });

  it("caps replicas by max_cost_per_hour", () => {
    const p = policyOf({
      max_replicas: 40,
      upscale_delay_s: 0,
      limits: { max_cost_per_hour: 10, gpu_hour_cost: 1.5 },
    });
    expect(decide(p, contextOf({ currentReplicas: 2, total: 100 })).desiredReplicas).toBe(6);
  });

  it("pauses scale-in after a scale-up and lets it through once the pause is over", () => {
    const p = policyOf({ max_replicas: 40, downscale_delay_s: 0, limits: { scale_in_pause_s: 120 } });
    const held = decide(
      p,
      contextOf({ now: 1100, currentReplicas: 6, total: 2, state: { lastScaleUpAt: 1000 } }),
    );
    expect(held.desiredReplicas).toBe(6);
    expect(held.reason).toMatch(/scale_in_pause_s/);
    const after = decide(p, contextOf({ now: 1120, currentReplicas: 6, total: 2, state: held.state }));
    expect(after.desiredReplicas).toBe(1);
    expect(after.intendedAt).toBe(1120);
  });

  it("never exceeds the deploy-time ceilings", () => {
    const p = policyOf({ max_replicas: 100, upscale_delay_s: 0 });
    const d = decide(
      p,
      contextOf({ currentReplicas: 2, total: 1000, ceilings: { maxReplicas: 12, maxGpus: 9 } }),
    );
    expect(d.desiredReplicas).toBe(9);
  });
});

describe("SLO-aware scaling", () => {
  const p = policyOf({
    max_replicas: 40,
    upscale_delay_s: 0,
    downscale_delay_s: 0,
    slo: {
      metric: { namespace: "LLM", name: "TTFT", statistic: "p95" },
      target_ms: 1000,
      gain: 1,
      max_urgency: 3,
    },
  });

  it("scales up in proportion to the latency deficit even when the queue looks fine", () => {
    // 4 replicas, load exactly on target, but TTFT 1500 ms: urgency 1.5 -> 6.
    const d = decide(p, contextOf({ currentReplicas: 4, total: 8, latencyMs: 1500 }));
    expect(d.desiredReplicas).toBe(6);
  });

  it("caps the urgency at max_urgency", () => {
    const d = decide(p, contextOf({ currentReplicas: 4, total: 8, latencyMs: 10_000 }));
    expect(d.desiredReplicas).toBe(12);
  });

  it("does not scale down without ample slack", () => {
    const d = decide(p, contextOf({ currentReplicas: 4, total: 1, latencyMs: 700 }));
    expect(d.desiredReplicas).toBe(4);
  });

  it("scales down with ample slack", () => {
    const d = decide(p, contextOf({ currentReplicas: 4, total: 1, latencyMs: 300 }));
    expect(d.desiredReplicas).toBe(1);
  });

  it("falls back to the load alone when latency is missing", () => {
    const d = decide(p, contextOf({ currentReplicas: 4, total: 1, latencyMs: null }));
    expect(d.desiredReplicas).toBe(1);
  });
});

describe("the metric timeline", () => {
  const p = policyOf({
    max_replicas: 20,
    upscale_delay_s: 30,
    look_back_period_s: 10,
    aggregation_function: "max",
  });

  it("starts the delay when the datapoints first breached, not when the evaluation ran", () => {
    const series = [
      { t: 940, v: 2 },
      { t: 950, v: 2 },
      { t: 960, v: 10 },
      { t: 970, v: 10 },
      { t: 980, v: 10 },
    ];
    const d = decide(p, contextOf({ now: 985, currentReplicas: 2, load: { total: 10, series } }));
    expect(d.state.ts).toBe(960);
    expect(d.pendingDelay?.firesAt).toBe(990);
    const fired = decide(
      p,
      contextOf({ now: 990, currentReplicas: 2, load: { total: 10, series }, state: d.state }),
    );
    expect(fired.desiredReplicas).toBe(5);
    expect(fired.intendedAt).toBe(990);
  });

  it("fires late evaluations with an intended time on the timeline, so lateness is visible", () => {
    const series = [
      { t: 900, v: 10 },
      { t: 910, v: 10 },
    ];
    const d = decide(p, contextOf({ now: 1000, currentReplicas: 2, load: { total: 10, series } }));
    expect(d.desiredReplicas).toBe(5);
    expect(d.intendedAt).toBe(930);
  });

  it("restarts a scale-down's timer at an evaluation that did not want one, whatever datapoints published later say", () => {
    // target_ongoing_requests 2 by default: 2 running want 2 at a total of 4, 1 at 2 or less.
    const down = policyOf({ max_replicas: 20, downscale_delay_s: 60, look_back_period_s: 10 });
    const seen = [
      { t: 950, v: 1 },
      { t: 960, v: 4 },
    ];
    const kept = decide(down, contextOf({ now: 975, currentReplicas: 2, load: { total: 4, series: seen } }));
    expect(kept.pendingDelay).toBeNull();
    // Published later: the period the evaluation at 975 extrapolated as 4 was in fact 1.
    const revised = [
      { t: 950, v: 1 },
      { t: 960, v: 1 },
      { t: 970, v: 1 },
      { t: 980, v: 1 },
    ];
    const next = decide(
      down,
      contextOf({ now: 995, currentReplicas: 2, load: { total: 1, series: revised }, state: kept.state }),
    );
    // Without the floor the timeline would start it at 950; Ray's counter restarted at 975.
    expect(next.pendingDelay?.since).toBe(980);
    expect(next.desiredReplicas).toBe(2);
  });

  it("does not reuse a breach already spent on a scale-up", () => {
    const series = [
      { t: 900, v: 40 },
      { t: 910, v: 40 },
      { t: 920, v: 40 },
    ];
    const d = decide(
      p,
      contextOf({ now: 925, currentReplicas: 2, load: { total: 40, series }, state: { floor: 920 } }),
    );
    expect(d.desiredReplicas).toBe(2);
    expect(d.state.ts).toBe(925);
  });
});

describe("the metric timeline across a change of the running count", () => {
  it("does not read a breach start from datapoints judged against the old running count", () => {
    // Target 4 with 2 running and up factor 0.5: 10 requests want ceil(2 + 0.5 x 3) = 4, no breach.
    // Once all 4 run, the same old datapoints read as wanting 5: they must not start a breach in the past.
    const p = policyOf({
      max_replicas: 20,
      upscale_delay_s: 30,
      upscaling_factor: 0.5,
      target_ongoing_requests: 2,
    });
    const series = [900, 910, 920, 930, 940, 950].map((t) => ({ t, v: 10 }));
    const before = decide(
      p,
      contextOf({ now: 950, currentReplicas: 2, targetReplicas: 4, load: { total: 10, series } }),
    );
    expect(before.desiredReplicas).toBe(4);
    const next = [...series, { t: 960, v: 10 }];
    const after = decide(
      p,
      contextOf({
        now: 962,
        currentReplicas: 4,
        targetReplicas: 4,
        load: { total: 10, series: next },
        state: before.state,
      }),
    );
    expect(after.desiredReplicas).toBe(4);
    expect(after.state.ts).toBe(960);
  });
});

describe("a scale-down waits for datapoints covering its delay", () => {
  const p = policyOf({
    max_replicas: 10,
    target_ongoing_requests: 2,
    downscale_delay_s: 90,
    load: { metrics: [{ namespace: "App", name: "Ongoing", dimensions: { Service: "llm" }, period_s: 10 }] },
  });
  // 4 running, 2 ongoing since 900 (one replica's worth); the newest datapoint, [970, 980), is 20 s old.
  const series = [860, 870, 880, 890, 900, 910, 920, 930, 940, 950, 960, 970].map((t) => ({
    t,
    v: t < 900 ? 8 : 2,
  }));
  const at = (now: number, state: Parameters<typeof contextOf>[0]["state"] = {}) =>
    decide(p, contextOf({ now, currentReplicas: 4, total: 2, load: { total: 2, series }, state }));

  it("holds while the delay has elapsed on the clock but the datapoints read reach only part of it", () => {
    // The 30 s mean falls to 6 (3 replicas' worth) at 910: wanted from then, seen until 980, 70 s of 90
    // (the clock says 90).
    const d = at(1000);
    expect(d.desiredReplicas).toBe(4);
    expect(d.reason).toMatch(/^hold at 4: 1 wanted for 70 s of downscale_delay_s 90/);
    // Due once the datapoints, lagging 20 s, cover the delay.
    expect(d.pendingDelay).toMatchObject({ direction: "down", since: 910, firesAt: 1020 });
  });

  it("scales down once they cover it", () => {
    const d = at(1000, at(1000).state);
    expect(d.desiredReplicas).toBe(4);
    const later = decide(
      p,
      contextOf({
        now: 1020,
        currentReplicas: 4,
        total: 2,
        load: { total: 2, series: [...series, { t: 980, v: 2 }, { t: 990, v: 2 }] },
        state: d.state,
      }),
    );
    expect(later.desiredReplicas).toBe(1);
    expect(later.reason).toMatch(/^scale down 4 -> 1: 1 wanted for 90 s >= downscale_delay_s 90/);
  });
});
