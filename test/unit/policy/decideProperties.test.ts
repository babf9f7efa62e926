import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type DecisionInput, decide } from "../../../shared/policy/decide";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../../shared/policy/PolicyState";
import { validatePolicy } from "../../../shared/policy/parsePolicy";

/** Random valid policies, with driftless sections switched on at random. */
const policyArb = fc
  .record({
    min: fc.integer({ min: 0, max: 6 }),
    span: fc.integer({ min: 0, max: 20 }),
    target: fc.constantFrom(0.5, 1, 2, 3.3, 10),
    up: fc.integer({ min: 0, max: 120 }),
    down: fc.integer({ min: 0, max: 900 }),
    upFactor: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: undefined }),
    downFactor: fc.option(fc.double({ min: 0.1, max: 3, noNaN: true }), { nil: undefined }),
    stepUp: fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }),
    perMinute: fc.option(fc.integer({ min: 1, max: 10 }), { nil: undefined }),
    pause: fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
    slo: fc.boolean(),
    schedule: fc.boolean(),
  })
  .map((r) => {
    const max = Math.max(1, r.min + r.span);
    return validatePolicy({
      min_replicas: r.min,
      max_replicas: max,
      target_ongoing_requests: r.target,
      upscale_delay_s: r.up,
      downscale_delay_s: r.down,
      ...(r.upFactor === undefined ? {} : { upscaling_factor: r.upFactor }),
      ...(r.downFactor === undefined ? {} : { downscaling_factor: r.downFactor }),
      limits: {
        ...(r.stepUp === undefined ? {} : { max_step_up: r.stepUp }),
        ...(r.perMinute === undefined ? {} : { max_up_per_minute: r.perMinute }),
        ...(r.pause === undefined ? {} : { scale_in_pause_s: r.pause }),
      },
      ...(r.slo
        ? { slo: { metric: { namespace: "n", name: "ttft", statistic: "p95" }, target_ms: 800 } }
        : {}),
      ...(r.schedule
        ? {
            schedules: [
              {
                name: "day",
                start: "0 9 * * *",
                end: "0 17 * * *",
                timezone: "America/New_York",
                overrides: { min_replicas: max },
              },
            ],
          }
        : {}),
    });
  });

const stepArb = fc.record({
  gap: fc.double({ min: 0.05, max: 400, noNaN: true }),
  running: fc.integer({ min: 0, max: 30 }),
  pending: fc.integer({ min: 0, max: 5 }),
  total: fc.oneof(fc.double({ min: 0, max: 500, noNaN: true }), fc.constant(null)),
  latency: fc.option(fc.double({ min: 0, max: 5000, noNaN: true }), { nil: null }),
});

const ceilingsArb = fc.option(
  fc.record({ maxReplicas: fc.integer({ min: 1, max: 25 }), maxGpus: fc.integer({ min: 1, max: 25 }) }),
  { nil: undefined },
);

describe("decide: invariants on random policies and inputs", () => {
  it("keeps every change within [0, max_replicas] and the deploy-time ceilings, and never scales down on missing data", () => {
    fc.assert(
      fc.property(
        policyArb,
        fc.array(stepArb, { minLength: 1, maxLength: 40 }),
        ceilingsArb,
        (policy, steps, ceilings) => {
          let state: PolicyState = INITIAL_POLICY_STATE;
          let target = policy.initialReplicas;
          let now = 1_790_000_000;
          for (const s of steps) {
            now += s.gap;
            const d = decide(policy, {
              now,
              currentReplicas: s.running,
              pendingReplicas: s.pending,
              targetReplicas: target,
              state,
              load: { total: s.total },
              latencyMs: s.latency,
              ...(ceilings ? { ceilings } : {}),
            });
            const ceiling = Math.min(
              policy.ray.maxReplicas,
              ceilings?.maxReplicas ?? Infinity,
              ceilings?.maxGpus ?? Infinity,
            );
            expect(Number.isInteger(d.desiredReplicas)).toBe(true);
            expect(d.desiredReplicas).toBeGreaterThanOrEqual(0);
            expect(d.desiredReplicas).toBeLessThanOrEqual(Math.max(ceiling, target));
            if (d.direction !== "none") expect(d.desiredReplicas).toBeLessThanOrEqual(ceiling);
            if (s.total === null) expect(d.desiredReplicas).toBeGreaterThanOrEqual(Math.min(target, ceiling));
            target = d.desiredReplicas;
            state = d.state;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it("is deterministic: the same input gives the same decision, state and trace", () => {
    fc.assert(
      fc.property(policyArb, stepArb, fc.integer({ min: 0, max: 20 }), (policy, s, target) => {
        const input: DecisionInput = {
          now: 1_790_000_000 + s.gap,
          currentReplicas: s.running,
          pendingReplicas: s.pending,
          targetReplicas: target,
          state: { ...INITIAL_POLICY_STATE, counter: 3, ts: 1_790_000_000 },
          load: { total: s.total },
          latencyMs: s.latency,
        };
        expect(decide(policy, input)).toEqual(decide(policy, structuredClone(input)));
      }),
      { numRuns: 300 },
    );
  });
});
