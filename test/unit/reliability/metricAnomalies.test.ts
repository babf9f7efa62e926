/**
 * Metric anomalies (NaN and infinite values and timestamps, negative values, gaps, out-of-order and
 * duplicate timestamps, points from the future, huge spikes, failed queries) never produce an out-of-bounds
 * or nonsensical decision: property tests through measureLoad + decide, and through the in-memory engine.
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { toStateItem } from "../../../shared/aws/toStateItem";
import { buildMetricQueries } from "../../../shared/engine/buildMetricQueries";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { measureLoad } from "../../../shared/engine/measureLoad";
import type { MetricAnswer } from "../../../shared/engine/ports/MetricsSource";
import type { Datapoint } from "../../../shared/metrics/Datapoint";
import { applyScalingFactors } from "../../../shared/policy/applyScalingFactors";
import { decide } from "../../../shared/policy/decide";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../../shared/policy/PolicyState";
import { validatePolicy } from "../../../shared/policy/parsePolicy";
import { rawDesiredReplicas } from "../../../shared/policy/rawDesiredReplicas";
import { CLUSTER, memoryWorld } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { NS } from "../engine/engineHarness";

const tally = new ReliabilityTally("metric anomalies (in memory)");
afterAll(() => tally.record());

const NOW = 1_790_000_000;

const value = fc.oneof(
  { arbitrary: fc.double({ min: 0, max: 1000, noNaN: true }), weight: 6 },
  { arbitrary: fc.double({ min: 1e6, max: 1.7e308, noNaN: true }), weight: 1 },
  { arbitrary: fc.double({ min: -1e9, max: -1e-9, noNaN: true }), weight: 1 },
  {
    arbitrary: fc.constantFrom(
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      -0,
      Number.MAX_VALUE,
    ),
    weight: 1,
  },
);
const offset = fc.oneof(
  { arbitrary: fc.integer({ min: -900, max: 0 }), weight: 8 },
  { arbitrary: fc.integer({ min: 1, max: 600 }), weight: 1 },
  {
    arbitrary: fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, -1e12),
    weight: 1,
  },
);
/** A series in arrival order: gaps, duplicates (the same offset twice) and disorder come from the draws. */
const series = fc.array(fc.record({ dt: offset, v: value }), { maxLength: 40 });
const answer: fc.Arbitrary<(now: number) => MetricAnswer> = fc.oneof(
  {
    arbitrary: series.map((points) => (now: number) => ({
      ok: true as const,
      series: points.map((p) => ({ t: now + p.dt, v: p.v })),
    })),
    weight: 8,
  },
  { arbitrary: fc.constant(() => ({ ok: false as const, error: "ThrottlingException" })), weight: 1 },
);

const policyBody = fc
  .record({
    min: fc.integer({ min: 0, max: 10 }),
    span: fc.integer({ min: 0, max: 40 }),
    target: fc.double({ min: 0.5, max: 100, noNaN: true }),
    up: fc.integer({ min: 0, max: 120 }),
    down: fc.integer({ min: 0, max: 300 }),
    per: fc.constantFrom("replica", "total"),
    aggregation: fc.constantFrom("mean", "max", "min"),
    lookBack: fc.integer({ min: 1, max: 120 }),
    staleAfter: fc.integer({ min: 10, max: 600 }),
    backlog: fc.boolean(),
    fallback: fc.option(fc.integer({ min: 0, max: 50 })),
  })
  .map((p) => {
    const max = Math.max(1, p.min) + p.span;
    return {
      min_replicas: p.min,
      max_replicas: max,
      target_ongoing_requests: p.target,
      upscale_delay_s: p.up,
      downscale_delay_s: p.down,
      aggregation_function: p.aggregation,
      look_back_period_s: p.lookBack,
      target: { cluster: CLUSTER, service: "llm-a" },
      load: {
        metrics: [{ namespace: NS, name: "Ongoing", dimensions: { Service: "llm-a" }, per: p.per }],
        ...(p.backlog ? { backlog: { namespace: NS, name: "Queue", dimensions: {} } } : {}),
        stale_after_s: p.staleAfter,
      },
      fallback:
        p.fallback === null
          ? { failure_threshold: 2 }
          : { failure_threshold: 2, action: "fixed", replicas: Math.min(p.fallback, max) },
    };
  });

/** Every number in the state is finite, and the state item a target writes marshals for DynamoDB. */
function expectWritable(state: PolicyState, load: number | null): void {
  const numbers = [
    state.counter,
    state.ts,
    state.floor,
    state.lastScaleUpAt,
    state.lastScaleDownAt,
    state.metricFailures,
  ];
  for (const n of [...numbers, ...state.recentUps.flatMap((u) => [u.at, u.added])]) {
    if (n !== null) expect(Number.isFinite(n)).toBe(true);
  }
  const item = toStateItem({
    targetId: "a",
    version: 1,
    target: 1,
    policyState: state,
    action: null,
    lastDecision: null,
    lastKnownGood: null,
    policyStatus: null,
    groupScaleIn: null,
    updatedAt: NOW,
  });
  expect(() => marshall({ ...item, load }, { removeUndefinedValues: true })).not.toThrow();
}

describe("anomalous metrics through measureLoad and decide", () => {
  it("give decisions within bounds, never a scale-down on unreadable load, never past what the load asks", () => {
    const step = fc.record({ advance: fc.integer({ min: 1, max: 120 }), load: answer, backlog: answer });
    fc.assert(
      fc.property(
        policyBody,
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 5 }),
        fc.array(step, { minLength: 1, maxLength: 6 }),
        (body, running, pending, steps) => {
          const policy = validatePolicy(body);
          const { min, max } = { min: policy.ray.minReplicas, max: policy.ray.maxReplicas };
          const { ids } = buildMetricQueries([{ policy }]);
          let state: PolicyState = INITIAL_POLICY_STATE;
          let target = running;
          let now = NOW;
          for (const s of steps) {
            now += s.advance;
            const answers = new Map<string, MetricAnswer>([[ids[0]!.load[0]!, s.load(now)]]);
            if (ids[0]!.backlog) answers.set(ids[0]!.backlog, s.backlog(now));
            const m = measureLoad(policy, ids[0]!, answers, running, now);
            // The measured load is a finite, non-negative number, or unreadable.
            if (m.load.total !== null) {
              expect(Number.isFinite(m.load.total)).toBe(true);
              expect(m.load.total).toBeGreaterThanOrEqual(0);
            }
            if (m.metricAgeS !== null) expect(Number.isFinite(m.metricAgeS)).toBe(true);
            const d = decide(policy, {
              now,
              currentReplicas: running,
              pendingReplicas: pending,
              targetReplicas: target,
              state,
              load: m.load,
              latencyMs: m.latencyMs,
            });
            expect(Number.isSafeInteger(d.desiredReplicas)).toBe(true);
            expect(d.desiredReplicas).toBeGreaterThanOrEqual(min);
            expect(d.desiredReplicas).toBeLessThanOrEqual(max);
            expect(d.reason.length).toBeGreaterThan(0);
            expect(d.direction).toBe(
              d.desiredReplicas > target ? "up" : d.desiredReplicas < target ? "down" : "none",
            );
            if (d.intendedAt !== null) {
              expect(Number.isFinite(d.intendedAt)).toBe(true);
              expect(d.intendedAt).toBeLessThanOrEqual(now);
            }
            if (m.load.total === null) {
              // Missing data never scales down, and never scales up past the fallback.
              const fallback = policy.fallback.action === "fixed" ? (policy.fallback.replicas ?? 0) : 0;
              expect(d.desiredReplicas).toBeGreaterThanOrEqual(Math.min(target, max));
              expect(d.desiredReplicas).toBeLessThanOrEqual(Math.max(target, min, fallback));
            } else {
              // Never past what the load asks for (factors are 1: Ray's raw desired, rounded up, in Ray's arithmetic).
              const asked =
                running > 0
                  ? applyScalingFactors(
                      rawDesiredReplicas(running, m.load.total, policy.ray.targetOngoingRequests, target),
                      running,
                      1,
                      1,
                    )
                  : Math.ceil(m.load.total / policy.ray.targetOngoingRequests);
              if (d.direction === "up")
                expect(d.desiredReplicas).toBeLessThanOrEqual(Math.max(min, asked, 1));
              if (d.direction === "down")
                expect(d.desiredReplicas).toBeGreaterThanOrEqual(Math.min(max, asked));
            }
            expectWritable(d.state, m.load.total);
            state = d.state;
            target = d.desiredReplicas;
          }
        },
      ),
      { numRuns: bySize(1000, 20_000), seed: 6_7 },
    );
  });
});

describe("anomalous metrics through the in-memory engine", () => {
  it("never make it throw, write an unwritable state, act out of bounds, or scale down on unreadable load", async () => {
    await fc.assert(
      fc.asyncProperty(
        policyBody,
        fc.integer({ min: 0, max: 20 }),
        fc.array(
          fc.record({ advance: fc.integer({ min: 1, max: 90 }), points: series, fail: fc.boolean() }),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        async (body, replicas, steps) => {
          const w = memoryWorld();
          w.policies.putRaw("a", body);
          w.services.set(CLUSTER, "llm-a", { desired: replicas, running: replicas, pending: 0 });
          const policy = validatePolicy(body);
          let now = w.clock.now();
          for (const s of steps) {
            now += s.advance;
            w.clock.set(now);
            for (const p of s.points) w.rawPoint("a", now + p.dt, p.v);
            w.metrics.failWith = s.fail && s.points.length % 3 === 0 ? "ThrottlingException" : null;
            const report = await evaluateRound(w.deps);
            w.settle();
            tally.evaluations += report.outcomes.length;
            expect(report.errors).toBe(0);
            const record = report.outcomes[0]?.record;
            expect(record).toBeDefined();
            if (record === undefined) return;
            if (record.load === null)
              expect(record.desiredReplicas).toBeGreaterThanOrEqual(
                Math.min(record.previousTarget, policy.ray.maxReplicas),
              );
            else expect(Number.isFinite(record.load)).toBe(true);
            const state = await w.states.get("a");
            expect(() => marshall(toStateItem(state!), { removeUndefinedValues: true })).not.toThrow();
          }
          for (const call of w.audit.calls) {
            expect(call.requested).toBeGreaterThanOrEqual(policy.ray.minReplicas);
            expect(call.requested).toBeLessThanOrEqual(policy.ray.maxReplicas);
          }
          expect(w.audit.doubleActions).toBe(0);
          tally.add({ actions: w.audit.actions, doubleActions: w.audit.doubleActions });
        },
      ),
      { numRuns: bySize(200, 3000), seed: 6_8 },
    );
  });
});

describe("a huge spike", () => {
  const perReplica = validatePolicy({
    max_replicas: 8,
    target: { cluster: CLUSTER, service: "llm-a" },
    load: { metrics: [{ namespace: NS, name: "Ongoing", dimensions: { Service: "llm-a" }, per: "replica" }] },
  });

  it("whose total overflows reads as an unreadable load, not an infinite one", () => {
    const { ids } = buildMetricQueries([{ policy: perReplica }]);
    const points: Datapoint[] = [{ t: NOW - 5, v: 1e308 }];
    const answers = new Map<string, MetricAnswer>([[ids[0]!.load[0]!, { ok: true, series: points }]]);
    const m = measureLoad(perReplica, ids[0]!, answers, 8, NOW);
    expect(m.load.total).toBeNull();
    expect(m.load.failure).toMatch(/not a plausible load/);
  });

  it("with an upscale delay running leaves a state DynamoDB can store", async () => {
    // arrange: 1e14 requests at 0.001 per replica: Ray's raw desired count is 1e17, past 2^53
    const w = memoryWorld();
    w.addTarget("a", 2, { extra: { upscale_delay_s: 60, target_ongoing_requests: 0.001 } });
    w.load("a", 1e14, w.clock.now() - 30);
    // act
    const report = await evaluateRound(w.deps);
    // assert
    expect(report.outcomes[0]?.decision?.pendingDelay?.direction).toBe("up");
    const state = await w.states.get("a");
    expect(() => marshall(toStateItem(state!), { removeUndefinedValues: true })).not.toThrow();
  });
});
