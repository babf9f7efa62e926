/**
 * Differential test: with only Ray fields set, `driftless decide` must decide exactly as Ray Serve's
 * default policy (after PR #62144) does. The oracle is test/support/rayReferencePolicy.ts, written from
 * /work/shared/reference/ray-serve-autoscaling.md and Ray's source, independently of shared/policy.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { runDecideCases } from "../../../cli/decideCases";
import {
  RAY_INITIAL_STATE,
  type RayAutoscalingConfig,
  type RayPolicyState,
  type RayReferenceStep,
  rayConfigProblems,
  rayReferenceDecide,
  rayReferenceRun,
} from "../../support/rayReferencePolicy";

interface CaseInput {
  policy: RayAutoscalingConfig;
  target_replicas?: number;
  state?: { counter: number; ts: number | null } | null;
  steps: RayReferenceStep[];
}

interface DriftlessRun {
  decisions: number[];
  target: number;
  state: RayPolicyState;
}

/** Drops keys whose value is undefined, so the JSON the lead's parser sees is what a user would write. */
function clean<T extends object>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

function runDriftless(input: CaseInput): DriftlessRun {
  const outcome = runDecideCases(clean(input));
  if (!outcome.ok) {
    throw new Error(`driftless rejected a Ray-valid case: ${JSON.stringify(outcome.problems)}`);
  }
  const output = outcome.output;
  if (Array.isArray(output)) throw new Error("one case in, an array out");
  return {
    decisions: output.decisions.map((d) => d.desired_replicas),
    target: output.state.target_replicas,
    state: { counter: output.state.counter, ts: output.state.ts },
  };
}

function runReference(input: CaseInput): DriftlessRun {
  const result = rayReferenceRun(
    input.policy,
    input.steps,
    input.target_replicas,
    input.state ?? RAY_INITIAL_STATE,
  );
  return { decisions: result.decisions, target: result.target, state: result.state };
}

function steps(...rows: [now: number, current: number, total: number][]): RayReferenceStep[] {
  return rows.map(([now, current_replicas, total_ongoing_requests]) => ({
    now,
    current_replicas,
    total_ongoing_requests,
  }));
}

interface TableCase {
  name: string;
  input: CaseInput;
  /** Worked out by hand from the reference page; the oracle is checked against these too. */
  expected: number[];
  expectedState?: RayPolicyState;
}

const zeroDelays = { upscale_delay_s: 0, downscale_delay_s: 0 };

const table: TableCase[] = [
  // The reference page's worked values (target_ongoing_requests = 2, delays 0, target = current).
  {
    name: "worked values: 6.4 on 4 holds (raw 3.2, ceil 4)",
    input: { policy: { min_replicas: 1, max_replicas: 20, ...zeroDelays }, steps: steps([0, 4, 6.4]) },
    expected: [4],
  },
  {
    name: "worked values: 6.0 on 4 goes to 3",
    input: { policy: { min_replicas: 1, max_replicas: 20, ...zeroDelays }, steps: steps([0, 4, 6]) },
    expected: [3],
  },
  {
    name: "worked values: 7.0 on 4 with down factor 0.5 holds (ceil(3.75) = 4, ceil(raw 3.5) = 4)",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, downscaling_factor: 0.5, ...zeroDelays },
      steps: steps([0, 4, 7]),
    },
    expected: [4],
  },
  {
    name: "worked values: 6.0 on 4 with down factor 0.5 still moves by one",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, downscaling_factor: 0.5, ...zeroDelays },
      steps: steps([0, 4, 6]),
    },
    expected: [3],
  },
  {
    name: "worked values: 40 on 4 with up factor 0.5 gives 12",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, upscaling_factor: 0.5, ...zeroDelays },
      steps: steps([0, 4, 40]),
    },
    expected: [12],
  },
  {
    name: "worked values: 40 on 4 with up factor 0.5, max 10: 12 before bounds, 10 after",
    input: {
      policy: { min_replicas: 1, max_replicas: 10, upscaling_factor: 0.5, ...zeroDelays },
      steps: steps([0, 4, 40]),
    },
    expected: [10],
  },
  // Deprecated aliases.
  {
    name: "upscale_smoothing_factor stands in for upscaling_factor",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, upscale_smoothing_factor: 0.5, ...zeroDelays },
      steps: steps([0, 4, 40]),
    },
    expected: [12],
  },
  {
    name: "upscaling_factor wins over upscale_smoothing_factor and smoothing_factor",
    input: {
      policy: {
        min_replicas: 1,
        max_replicas: 20,
        upscaling_factor: 0.5,
        upscale_smoothing_factor: 2,
        smoothing_factor: 3,
        ...zeroDelays,
      },
      steps: steps([0, 4, 40]),
    },
    expected: [12],
  },
  {
    name: "smoothing_factor is both factors when nothing else is set (down: ceil(4 - 0.25*1) = 4 -> 3)",
    input: {
      policy: { min_replicas: 1, max_replicas: 40, smoothing_factor: 0.25, ...zeroDelays },
      steps: steps([0, 4, 40], [1, 8, 14]),
    },
    // 40 on 4: raw 20, ceil(4 + 0.25*16) = 8. 14 on 8: raw 7, ceil(8 - 0.25) = 8, ceil(7) < 8 -> 7.
    expected: [8, 7],
  },
  {
    name: "downscale_smoothing_factor wins over smoothing_factor for the down factor",
    input: {
      policy: {
        min_replicas: 1,
        max_replicas: 40,
        smoothing_factor: 0.25,
        downscale_smoothing_factor: 1,
        ...zeroDelays,
      },
      steps: steps([0, 8, 2]),
    },
    // raw 1, ceil(8 + 1 * (1 - 8)) = 1.
    expected: [1],
  },
  {
    name: "target_num_ongoing_requests_per_replica is the target when target_ongoing_requests is unset",
    input: {
      policy: {
        min_replicas: 1,
        max_replicas: 20,
        target_num_ongoing_requests_per_replica: 5,
        ...zeroDelays,
      },
      steps: steps([0, 4, 40]),
    },
    expected: [8],
  },
  {
    name: "target_ongoing_requests wins over target_num_ongoing_requests_per_replica",
    input: {
      policy: {
        min_replicas: 1,
        max_replicas: 20,
        target_ongoing_requests: 10,
        target_num_ongoing_requests_per_replica: 5,
        ...zeroDelays,
      },
      steps: steps([0, 4, 40]),
    },
    expected: [4],
  },
  // Cold start.
  {
    name: "cold start with up factor 0.5: max(ceil(0.5), target 0) = 1, no delay",
    input: {
      policy: { min_replicas: 0, max_replicas: 10, upscaling_factor: 0.5, upscale_delay_s: 120 },
      steps: steps([0, 0, 3]),
    },
    expected: [1],
  },
  {
    name: "cold start with up factor 2.5: ceil(2.5) = 3",
    input: {
      policy: { min_replicas: 0, max_replicas: 10, upscaling_factor: 2.5, upscale_delay_s: 120 },
      steps: steps([0, 0, 0.1]),
    },
    expected: [3],
  },
  {
    name: "cold start keeps a larger pending target and leaves the policy state as it was",
    input: {
      policy: { min_replicas: 0, max_replicas: 10, upscaling_factor: 2.5 },
      target_replicas: 5,
      state: { counter: -3, ts: 100 },
      steps: steps([130, 0, 7]),
    },
    expected: [5],
    expectedState: { counter: -3, ts: 100 },
  },
  {
    name: "cold start is bounded last (min 2)",
    input: { policy: { min_replicas: 2, max_replicas: 10 }, steps: steps([0, 0, 1]) },
    expected: [2],
  },
  {
    name: "0 running, no load, target 3 (starting): decide target with no delay, state unchanged",
    input: {
      policy: { min_replicas: 0, max_replicas: 10, upscaling_factor: 2 },
      target_replicas: 3,
      state: { counter: 2, ts: 10 },
      steps: steps([20, 0, 0], [25, 0, 0]),
    },
    // No amplification from 0 (ceil(3), not ceil(2 * 3)); the zero bypass returns before the delay logic.
    expected: [3, 3],
    expectedState: { counter: 2, ts: 10 },
  },
  {
    name: "0 running, no load, target 0: nothing wanted, the timer resets",
    input: {
      policy: { min_replicas: 0, max_replicas: 10 },
      target_replicas: 0,
      state: { counter: -2, ts: 10 },
      steps: steps([20, 0, 0]),
    },
    expected: [0],
    expectedState: { counter: 0, ts: null },
  },
  // Scale to zero in two stages.
  {
    name: "n -> 1 -> 0 with downscale_to_zero_delay_s",
    input: {
      policy: {
        min_replicas: 0,
        max_replicas: 10,
        upscale_delay_s: 0,
        downscale_delay_s: 10,
        downscale_to_zero_delay_s: 100,
      },
      steps: steps([0, 4, 0], [10, 4, 0], [11, 1, 0], [110, 1, 0], [111, 1, 0], [112, 0, 0], [113, 0, 5]),
    },
    // 4 wants 0, clamped to 1 (not the 1 -> 0 step); fires at 10. Then 1 -> 0 waits 100 s (11 .. 111).
    expected: [4, 1, 1, 1, 0, 0, 1],
  },
  {
    name: "1 -> 0 without downscale_to_zero_delay_s waits downscale_delay_s",
    input: {
      policy: { min_replicas: 0, max_replicas: 10, downscale_delay_s: 50 },
      steps: steps([0, 1, 0], [49, 1, 0], [50, 1, 0]),
    },
    expected: [1, 1, 0],
  },
  {
    name: "downscale_to_zero_delay_s 0 takes 1 -> 0 at once but n -> 1 still waits",
    input: {
      policy: { min_replicas: 0, max_replicas: 10, downscale_delay_s: 30, downscale_to_zero_delay_s: 0 },
      steps: steps([0, 3, 0], [29, 3, 0], [30, 3, 0], [31, 1, 0]),
    },
    expected: [3, 3, 1, 0],
  },
  // Timer semantics.
  {
    name: "a direction flip resets the timer",
    input: {
      policy: { min_replicas: 1, max_replicas: 10, upscale_delay_s: 30, downscale_delay_s: 30 },
      steps: steps([0, 4, 16], [20, 4, 4], [31, 4, 16], [60, 4, 16], [61, 4, 16]),
    },
    // Up from 0, down at 20 (reset), up again at 31 (reset): fires at 61, not at 31.
    expected: [4, 4, 4, 4, 8],
  },
  {
    name: "'no change wanted' resets the timer",
    input: {
      policy: { min_replicas: 1, max_replicas: 10, upscale_delay_s: 30 },
      steps: steps([0, 4, 16], [10, 4, 8], [31, 4, 16], [60, 4, 16], [61, 4, 16]),
    },
    expected: [4, 4, 4, 4, 8],
  },
  {
    name: "the timer keeps running while the wanted value changes within one direction; s' fires",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, upscale_delay_s: 30 },
      steps: steps([0, 4, 40], [10, 4, 12], [30, 4, 10]),
    },
    expected: [4, 4, 5],
  },
  {
    name: "delay exactly equal to the elapsed time fires (1030.1 - 1000.1 = 29.999999999999886)",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, upscale_delay_s: 30 },
      steps: steps([1000.1, 4, 16], [1030.1, 4, 16]),
    },
    expected: [4, 8],
    expectedState: { counter: 0, ts: null },
  },
  {
    name: "elapsed 2e-6 short of the delay holds; 5e-7 short fires (eps 1e-6)",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, downscale_delay_s: 30 },
      steps: steps([0, 8, 4], [29.999998, 8, 4], [29.9999995, 8, 4]),
    },
    expected: [8, 8, 2],
  },
  {
    name: "a delay of 0 fires on the first evaluation",
    input: { policy: { min_replicas: 1, max_replicas: 20, upscale_delay_s: 0 }, steps: steps([5, 4, 16]) },
    expected: [8],
    expectedState: { counter: 0, ts: null },
  },
  // Floating point.
  {
    name: "total 6.000000000001 on 4: raw 3.0000000000005 rounds up to 4 (hold)",
    input: {
      policy: { min_replicas: 1, max_replicas: 20, ...zeroDelays },
      steps: steps([0, 4, 6.000000000001]),
    },
    expected: [4],
  },
  {
    name: "Ray's evaluation order: 7 * (14.5 / (0.5 * 7)) = 29.000000000000004, so 30, not 29",
    input: {
      policy: { min_replicas: 1, max_replicas: 40, target_ongoing_requests: 0.5, ...zeroDelays },
      steps: steps([0, 7, 14.5]),
    },
    expected: [30],
  },
  // Bounds last; the delay compares the unclamped wish.
  {
    name: "min bound: a downscale below min is clamped but its timer runs",
    input: {
      policy: { min_replicas: 3, max_replicas: 10, downscale_delay_s: 60 },
      steps: steps([0, 3, 0]),
    },
    expected: [3],
    expectedState: { counter: -1, ts: 0 },
  },
  {
    name: "max bound: the upscale timer runs against the unclamped wish while target sits at max",
    input: {
      policy: { min_replicas: 1, max_replicas: 5, upscale_delay_s: 60 },
      steps: steps([0, 5, 40]),
    },
    expected: [5],
    expectedState: { counter: 1, ts: 0 },
  },
  {
    name: "a first target above max is compared unclamped, the decision is clamped",
    input: {
      policy: { min_replicas: 0, max_replicas: 10, downscale_delay_s: 100 },
      steps: steps([0, 15, 26], [1, 10, 26]),
    },
    // 15 wants 13 < 15: hold 15 -> clamp 10 (timer starts). Then target 10, 10 wants 13 > 10: flip.
    expected: [10, 10],
    expectedState: { counter: 1, ts: 1 },
  },
];

describe("rayReferencePolicy against the reference page's worked values", () => {
  it.each(table)("$name", ({ input, expected, expectedState }) => {
    expect(rayConfigProblems(input.policy)).toEqual([]);
    const reference = runReference(input);
    expect(reference.decisions).toEqual(expected);
    if (expectedState) expect(reference.state).toEqual(expectedState);
  });
});

describe("driftless decide equals Ray's default policy (table)", () => {
  it.each(table)("$name", ({ input, expected, expectedState }) => {
    const actual = runDriftless(input);
    expect(actual.decisions).toEqual(expected);
    if (expectedState) expect(actual.state).toEqual(expectedState);
    expect(actual.target).toBe(expected[expected.length - 1]);
  });
});

// ---------------------------------------------------------------------------------------------------
// Random cases.

const factorValue = fc.oneof(
  fc.constantFrom(0.1, 0.25, 0.5, 0.75, 1, 1.5, 2, 2.5, 3),
  fc.double({ min: 0.1, max: 3, noNaN: true }),
);
const maybe = <T>(arb: fc.Arbitrary<T>, freq = 1) =>
  fc.option(arb, { nil: undefined, freq: freq + 1 }) as fc.Arbitrary<T | undefined>;
const delayValue = fc.oneof(
  fc.constant(0),
  fc.integer({ min: 0, max: 120 }),
  fc.double({ min: 0, max: 120, noNaN: true }),
  fc.constantFrom(0.1, 0.5, 10, 30, 60),
);
const targetValue = fc.oneof(
  fc.constantFrom(0.5, 1, 2, 3.3, 10),
  fc.double({ min: 0.1, max: 10, noNaN: true }),
);

const policyArb: fc.Arbitrary<RayAutoscalingConfig> = fc
  .record({
    min: fc.integer({ min: 0, max: 5 }),
    maxOffset: fc.integer({ min: 0, max: 20 }),
    initialPick: maybe(fc.double({ min: 0, max: 1, noNaN: true })),
    targetStyle: fc.constantFrom("new", "old", "both", "none"),
    target: targetValue,
    oldTarget: targetValue,
    upscale_delay_s: maybe(delayValue, 4),
    downscale_delay_s: maybe(delayValue, 4),
    downscale_to_zero_delay_s: maybe(delayValue),
    upscaling_factor: maybe(factorValue),
    downscaling_factor: maybe(factorValue),
    smoothing_factor: maybe(factorValue),
    upscale_smoothing_factor: maybe(factorValue),
    downscale_smoothing_factor: maybe(factorValue),
  })
  .map((r) => {
    const min = r.min;
    const max = Math.max(1, Math.min(20, min + r.maxOffset));
    const policy: RayAutoscalingConfig = {
      min_replicas: min,
      max_replicas: max,
      upscale_delay_s: r.upscale_delay_s,
      downscale_delay_s: r.downscale_delay_s,
      downscale_to_zero_delay_s: r.downscale_to_zero_delay_s,
      upscaling_factor: r.upscaling_factor,
      downscaling_factor: r.downscaling_factor,
      smoothing_factor: r.smoothing_factor,
      upscale_smoothing_factor: r.upscale_smoothing_factor,
      downscale_smoothing_factor: r.downscale_smoothing_factor,
    };
    if (r.initialPick !== undefined) policy.initial_replicas = min + Math.floor(r.initialPick * (max - min));
    if (r.targetStyle === "new" || r.targetStyle === "both") policy.target_ongoing_requests = r.target;
    if (r.targetStyle === "old" || r.targetStyle === "both") {
      policy.target_num_ongoing_requests_per_replica = r.oldTarget;
    }
    return clean(policy);
  });

type CurrentSpec = number | "prev";
type TotalSpec = { abs: number } | { perReplica: number };

const stepSpecArb = fc.record({
  gap: fc.oneof(
    fc.double({ min: 0.05, max: 40, noNaN: true }),
    fc.integer({ min: 1, max: 40 }),
    fc.constantFrom(0.05, 0.1, 0.5, 10, 30),
  ),
  current: fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: 0, max: 25 }) as fc.Arbitrary<CurrentSpec> },
    { weight: 3, arbitrary: fc.constant("prev" as const) },
  ),
  total: fc.oneof(
    { weight: 1, arbitrary: fc.constant<TotalSpec>({ abs: 0 }) },
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 200 }).map<TotalSpec>((abs) => ({ abs })) },
    { weight: 3, arbitrary: fc.double({ min: 0, max: 200, noNaN: true }).map<TotalSpec>((abs) => ({ abs })) },
    {
      weight: 2,
      arbitrary: fc.integer({ min: 0, max: 25 }).map<TotalSpec>((perReplica) => ({ perReplica })),
    },
  ),
});

const caseArb = fc
  .record({
    policy: policyArb,
    start: fc.oneof(
      fc.constant(0),
      fc.integer({ min: 0, max: 1_000_000 }),
      fc.double({ min: 1.7e9, max: 1.8e9, noNaN: true }),
    ),
    firstCurrent: fc.integer({ min: 0, max: 25 }),
    targetReplicas: maybe(fc.integer({ min: 0, max: 25 }), 3),
    initialState: maybe(
      fc.record({
        counter: fc.integer({ min: -5, max: 5 }),
        age: fc.double({ min: 0, max: 200, noNaN: true }),
      }),
      3,
    ),
    specs: fc.array(stepSpecArb, { minLength: 5, maxLength: 60 }),
  })
  .map(({ policy, start, firstCurrent, targetReplicas, initialState, specs }) => {
    const target = policy.target_ongoing_requests ?? policy.target_num_ongoing_requests_per_replica ?? 2;
    const input: CaseInput = { policy, steps: [] };
    if (targetReplicas !== undefined) input.target_replicas = targetReplicas;
    let state: RayPolicyState = { ...RAY_INITIAL_STATE };
    if (initialState !== undefined) {
      state =
        initialState.counter === 0
          ? { counter: 0, ts: null }
          : { counter: initialState.counter, ts: Math.max(0, start - initialState.age) };
      input.state = state;
    }
    // "prev" means: the replicas running now are what the step before decided. Resolve it with the
    // oracle as the case is built; driftless then sees plain numbers.
    let now = start;
    let decided = targetReplicas ?? firstCurrent;
    specs.forEach((spec, i) => {
      if (i > 0) now += spec.gap;
      const current = i === 0 ? firstCurrent : spec.current === "prev" ? decided : spec.current;
      const total = "abs" in spec.total ? spec.total.abs : target * spec.total.perReplica;
      const step = { now, current_replicas: current, total_ongoing_requests: total };
      input.steps.push(step);
      const out = rayReferenceDecide(policy, { now, current, total, target: decided }, state);
      decided = out.decision;
      state = out.state;
    });
    return input;
  });

describe("driftless decide equals Ray's default policy (random Ray-only cases)", () => {
  it("agrees step for step with the independent reference", () => {
    fc.assert(
      fc.property(caseArb, (input) => {
        expect(rayConfigProblems(input.policy)).toEqual([]);
        const reference = runReference(input);
        const actual = runDriftless(input);
        expect(actual.decisions, JSON.stringify(input)).toEqual(reference.decisions);
        expect(actual.target).toBe(reference.target);
        expect(actual.state, JSON.stringify(input)).toEqual(reference.state);
      }),
      { numRuns: Number(process.env.RAY_DIFF_RUNS ?? 2000) },
    );
  });
});

// driftless's pending awareness (hold_scale_up, scale_from_in_flight) reads the replicas still
// starting, which Ray's policy never sees; lead awareness needs a target. Both are off in a Ray-only
// policy's defaults, so replicas starting must not change a single decision.
describe("driftless decide equals Ray's default policy with replicas starting (driftless's extras at their defaults: off)", () => {
  it("agrees step for step with the reference whatever pending_replicas the steps carry", () => {
    const withPending = fc
      .tuple(caseArb, fc.array(fc.integer({ min: 0, max: 6 }), { minLength: 60, maxLength: 60 }))
      .map(([input, pending]) => ({
        ...input,
        steps: input.steps.map((s, i) => ({ ...s, pending_replicas: pending[i]! })),
      }));
    fc.assert(
      fc.property(withPending, (input) => {
        const reference = runReference(input);
        const actual = runDriftless(input);
        expect(actual.decisions, JSON.stringify(input)).toEqual(reference.decisions);
        expect(actual.state, JSON.stringify(input)).toEqual(reference.state);
      }),
      { numRuns: Number(process.env.RAY_DIFF_RUNS ?? 500) },
    );
  });
});
