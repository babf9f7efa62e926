import fc from "fast-check";
import type { Series } from "../../../shared/metrics/Datapoint";
import type { DecisionInput } from "../../../shared/policy/decide";
import type { GroupMember } from "../../../shared/policy/decideGroup";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import type { PolicyState } from "../../../shared/policy/PolicyState";
import { parsePolicy } from "../../../shared/policy/parsePolicy";
import type { ResolvedPolicy } from "../../../shared/policy/ResolvedPolicy";

/** Monday 2026-09-14 00:00 UTC: evaluations fall within two days of it, so windows open and close. */
export const EPOCH = 1_789_344_000;

const opt = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: undefined });

const windowArb = fc.record({
  name: fc.constantFrom("peak", "night", "launch"),
  startHour: fc.integer({ min: 0, max: 23 }),
  hours: fc.integer({ min: 1, max: 12 }),
  min: opt(fc.integer({ min: 0, max: 12 })),
  max: opt(fc.integer({ min: 1, max: 12 })),
  target: opt(fc.constantFrom(1, 2, 5)),
  up: opt(fc.integer({ min: 0, max: 60 })),
});

/** Random policy items with every driftless section switched on at random. */
export const policyItemArb: fc.Arbitrary<PolicyInput> = fc
  .record({
    min: fc.integer({ min: 0, max: 6 }),
    span: fc.integer({ min: 0, max: 14 }),
    target: fc.constantFrom(0.5, 1, 2, 3.3, 10),
    up: fc.integer({ min: 0, max: 120 }),
    down: fc.integer({ min: 0, max: 900 }),
    toZero: opt(fc.integer({ min: 0, max: 900 })),
    upFactor: opt(fc.double({ min: 0.1, max: 3, noNaN: true })),
    downFactor: opt(fc.double({ min: 0.1, max: 3, noNaN: true })),
    stepUp: opt(fc.integer({ min: 1, max: 5 })),
    perMinute: opt(fc.integer({ min: 1, max: 10 })),
    pause: opt(fc.integer({ min: 0, max: 300 })),
    maxGpus: opt(fc.integer({ min: 1, max: 20 })),
    cost: opt(fc.record({ max: fc.integer({ min: 1, max: 40 }), gpuHour: fc.constantFrom(1, 2.5, 4) })),
    slo: opt(fc.record({ target: fc.constantFrom(200, 800), gain: fc.constantFrom(0.5, 1, 2) })),
    windows: fc.array(windowArb, { maxLength: 2 }),
    fallback: opt(
      fc.record({
        threshold: fc.integer({ min: 1, max: 4 }),
        fixed: opt(fc.integer({ min: 0, max: 10 })),
      }),
    ),
    pending: opt(
      fc.record({ hold: fc.boolean(), inFlight: fc.boolean(), timeout: fc.integer({ min: 10, max: 900 }) }),
    ),
    paused: fc.constantFrom<PolicyInput["paused"]>(false, false, false, true, "scale_in", "scale_out"),
    gpusPerTask: fc.constantFrom(1, 2),
  })
  .map((r) => {
    const max = Math.max(1, r.min + r.span);
    const item: PolicyInput = {
      min_replicas: r.min,
      max_replicas: max,
      target_ongoing_requests: r.target,
      upscale_delay_s: r.up,
      downscale_delay_s: r.down,
      ...(r.toZero === undefined ? {} : { downscale_to_zero_delay_s: r.toZero }),
      ...(r.upFactor === undefined ? {} : { upscaling_factor: r.upFactor }),
      ...(r.downFactor === undefined ? {} : { downscaling_factor: r.downFactor }),
      target: {
        cluster: "c",
        service: "s",
        capacity: { capacity_provider: "cp", gpus_per_task: r.gpusPerTask, gpus_per_instance: 4 },
      },
      limits: {
        ...(r.stepUp === undefined ? {} : { max_step_up: r.stepUp }),
        ...(r.perMinute === undefined ? {} : { max_up_per_minute: r.perMinute }),
        ...(r.pause === undefined ? {} : { scale_in_pause_s: r.pause }),
        ...(r.maxGpus === undefined ? {} : { max_gpus: r.maxGpus }),
        ...(r.cost === undefined ? {} : { max_cost_per_hour: r.cost.max, gpu_hour_cost: r.cost.gpuHour }),
      },
      ...(r.slo
        ? {
            slo: {
              metric: { namespace: "n", name: "ttft", statistic: "p95" },
              target_ms: r.slo.target,
              gain: r.slo.gain,
            },
          }
        : {}),
      schedules: r.windows.map((w, i) => ({
        name: `${w.name}-${i}`,
        start: `0 ${w.startHour} * * *`,
        duration_s: w.hours * 3600,
        overrides: {
          ...(w.min === undefined ? {} : { min_replicas: w.min }),
          ...(w.max === undefined ? {} : { max_replicas: w.max }),
          ...(w.target === undefined ? {} : { target_ongoing_requests: w.target }),
          ...(w.up === undefined ? {} : { upscale_delay_s: w.up }),
        },
      })),
      ...(r.fallback
        ? {
            fallback:
              r.fallback.fixed === undefined
                ? { failure_threshold: r.fallback.threshold, action: "hold" as const }
                : {
                    failure_threshold: r.fallback.threshold,
                    action: "fixed" as const,
                    replicas: r.fallback.fixed,
                  },
          }
        : {}),
      ...(r.pending
        ? {
            pending: {
              hold_scale_up: r.pending.hold,
              scale_from_in_flight: r.pending.inFlight,
              timeout_s: r.pending.timeout,
            },
          }
        : {}),
      paused: r.paused,
    };
    return item;
  });

/** Random valid resolved policies (items the validator refuses are dropped). */
export const policyArb: fc.Arbitrary<ResolvedPolicy> = policyItemArb
  .map((item) => parsePolicy(item))
  .filter((r) => r.ok)
  .map((r) => (r.ok ? r.policy : (undefined as never)));

/** One evaluation's observations: elapsed time since the last one, what runs, and the load. */
export interface StepObservation {
  readonly gap: number;
  readonly running: number;
  readonly pending: number;
  readonly total: number | null;
  readonly failure: string | undefined;
  readonly withSeries: boolean;
  readonly latency: number | null;
  /** The forecast floor the engine would pass (absent: no forecast). */
  readonly forecast?:
    | { readonly replicas: number; readonly acts: boolean; readonly risenS: number }
    | undefined;
}

export const stepArb: fc.Arbitrary<StepObservation> = fc.record({
  gap: fc.oneof(fc.double({ min: 0.05, max: 400, noNaN: true }), fc.integer({ min: 600, max: 30_000 })),
  running: fc.integer({ min: 0, max: 16 }),
  pending: fc.integer({ min: 0, max: 4 }),
  total: fc.oneof(
    { weight: 3, arbitrary: fc.double({ min: 0, max: 120, noNaN: true }) },
    { weight: 1, arbitrary: fc.integer({ min: 0, max: 60 }) },
    { weight: 1, arbitrary: fc.constant(null) },
  ),
  failure: fc.constantFrom(undefined, "no datapoints", "the policy has no load section"),
  withSeries: fc.boolean(),
  latency: fc.option(fc.double({ min: 0, max: 3000, noNaN: true }), { nil: null }),
  forecast: fc.option(
    fc.record({
      replicas: fc.integer({ min: 0, max: 14 }),
      acts: fc.boolean(),
      risenS: fc.integer({ min: 0, max: 900 }),
    }),
    { nil: undefined, freq: 2 },
  ),
});

export const ceilingsArb = opt(
  fc.record({
    maxReplicas: opt(fc.integer({ min: 1, max: 15 })),
    maxGpus: opt(fc.integer({ min: 1, max: 25 })),
  }),
);

/** A load series ending at `now` whose values wander around `total`, so breach starts vary. */
export function seriesAround(total: number, now: number, seed: number): Series {
  const points: { t: number; v: number }[] = [];
  for (let i = 5; i >= 0; i--) {
    const wobble = ((seed * (i + 3)) % 7) / 3 - 1;
    points.push({ t: now - i * 10 - (seed % 5), v: Math.max(0, total * (1 + wobble / 2)) });
  }
  return points;
}

/** The input of one evaluation from a step, the running target and state. */
export function inputOf(args: {
  readonly step: StepObservation;
  readonly now: number;
  readonly target: number;
  readonly state: PolicyState;
  readonly ceilings?: DecisionInput["ceilings"];
}): DecisionInput {
  const { step, now, target, state, ceilings } = args;
  const load: DecisionInput["load"] =
    step.total === null
      ? { total: null, ...(step.failure ? { failure: step.failure } : {}) }
      : {
          total: step.total,
          ...(step.withSeries ? { series: seriesAround(step.total, now, Math.floor(step.gap * 7)) } : {}),
        };
  return {
    now,
    currentReplicas: step.running,
    pendingReplicas: step.pending,
    targetReplicas: target,
    state,
    load,
    latencyMs: step.latency,
    ...(ceilings ? { ceilings } : {}),
    ...(step.forecast ? { forecast: forecastInput(step.forecast, now) } : {}),
  };
}

/** A forecast floor as the engine builds it: sized 300 s ahead, made an hour ago, risen `risenS` ago. */
export function forecastInput(
  f: NonNullable<StepObservation["forecast"]>,
  now: number,
): NonNullable<DecisionInput["forecast"]> {
  return { replicas: f.replicas, acts: f.acts, at: now + 300, madeAt: now - 3600, risenAt: now - f.risenS };
}

/** Two to three members of one pipeline group, stages 0.., with a shared GPU budget at random. */
export const groupArb: fc.Arbitrary<{ members: GroupMember[] }> = fc
  .record({
    items: fc.array(policyItemArb, { minLength: 2, maxLength: 3 }),
    ratio: fc.constantFrom(0.5, 1, 2),
    budget: opt(fc.integer({ min: 1, max: 20 })),
    steps: fc.array(stepArb, { minLength: 3, maxLength: 3 }),
    targets: fc.array(fc.integer({ min: 0, max: 10 }), { minLength: 3, maxLength: 3 }),
    gap: fc.integer({ min: 0, max: 172_800 }),
  })
  .map((r) => {
    const members: GroupMember[] = [];
    r.items.forEach((item, i) => {
      const parsed = parsePolicy({
        ...item,
        group: {
          name: "g",
          stage: i,
          ...(i > 0 ? { upstream_ratio: r.ratio } : {}),
          ...(r.budget === undefined ? {} : { max_gpus: r.budget }),
        },
      });
      if (!parsed.ok) return;
      const now = EPOCH + r.gap;
      const state: PolicyState = {
        counter: 0,
        ts: null,
        floor: null,
        lastScaleUpAt: null,
        lastScaleDownAt: null,
        recentUps: [],
        metricFailures: 0,
      };
      members.push({
        id: `m${i}`,
        policy: parsed.policy,
        input: inputOf({ step: r.steps[i]!, now, target: r.targets[i]!, state }),
      });
    });
    return { members };
  });

/** Random stored states around EPOCH: timers either way, recent scale-ups, failures counted. */
export const stateArb: fc.Arbitrary<PolicyState> = fc.record({
  counter: fc.integer({ min: -20, max: 20 }),
  ts: fc.option(fc.integer({ min: EPOCH - 2000, max: EPOCH + 172_800 }), { nil: null }),
  floor: fc.option(fc.integer({ min: EPOCH - 2000, max: EPOCH + 172_800 }), { nil: null }),
  lastScaleUpAt: fc.option(fc.integer({ min: EPOCH - 2000, max: EPOCH + 172_800 }), { nil: null }),
  lastScaleDownAt: fc.option(fc.integer({ min: EPOCH - 2000, max: EPOCH + 172_800 }), { nil: null }),
  recentUps: fc.array(
    fc.record({
      at: fc.integer({ min: EPOCH - 120, max: EPOCH + 172_800 }),
      added: fc.integer({ min: 1, max: 4 }),
    }),
    { maxLength: 3 },
  ),
  metricFailures: fc.integer({ min: 0, max: 5 }),
  lastRunning: fc.option(fc.integer({ min: 0, max: 16 }), { nil: null }),
  seenUntil: fc.option(fc.integer({ min: EPOCH - 2000, max: EPOCH + 172_800 }), { nil: null }),
});
