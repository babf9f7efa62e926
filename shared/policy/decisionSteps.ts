import { applyBounds } from "./applyBounds";
import { applyDelay, type DelayOutcome } from "./applyDelay";
import { applyLimits } from "./applyLimits";
import { applyScalingFactors } from "./applyScalingFactors";
import { coldStartReplicas } from "./coldStartReplicas";
import { forecastStep } from "./forecastStep";
import { formatNumber as fmt } from "./formatNumber";
import { leadAwareStep } from "./leadAwareStep";
import { MAX_REPLICAS_CEILING } from "./PolicySchema";
import {
  advance,
  type Cause,
  type PolicyStep,
  type StepChange,
  type StepContext,
  type StepState,
  traced,
} from "./PolicyStep";
import type { RayParams } from "./ResolvedPolicy";
import { rawDesiredReplicas } from "./rawDesiredReplicas";
import { fromWindow } from "./scheduleOverlay";
import { sloAdjustedRaw } from "./sloAdjustedRaw";

type StepOut = { readonly replicas: number; readonly state: StepState };

/** A load step: runs only while no earlier step has decided the count, with the load as read. */
function loadStep(
  body: (replicas: number, context: StepContext, state: StepState, total: number) => StepOut,
): PolicyStep {
  return (replicas, context, state) =>
    state.decided || context.total === null
      ? { replicas, state }
      : body(replicas, context, state, context.total);
}

/** Paused: hold the target, decide nothing, keep the policy state as it is. */
export const pausedStep: PolicyStep = (replicas, { policy, input }, state) => {
  if (!policy.paused) return { replicas, state };
  const target = input.targetReplicas;
  const why = "paused: deciding nothing";
  const cause: Cause = { step: "paused", why, short: "paused" };
  return {
    replicas: target,
    state: traced(state, { step: "hold", out: target, note: why }, { cause, decided: true, halted: true }),
  };
};

/** Missing data never scales down: hold, or after failure_threshold failures go to at least a fixed count. */
export const fallbackStep: PolicyStep = (replicas, { policy, input, total }, state) => {
  if (total !== null) return { replicas, state };
  const target = input.targetReplicas;
  const failures = input.state.metricFailures + 1;
  const failure = input.load.failure ?? "no load reading";
  const { failure_threshold: threshold, action, replicas: fixed } = policy.fallback;
  const times = `load unreadable ${failures} times (${failure})`;
  let wanted = target;
  let cause: Cause;
  if (failures >= threshold && action === "fixed" && fixed !== undefined) {
    wanted = Math.max(target, fixed);
    cause = { step: "fallback", why: `${times}: fallback to at least ${fixed}`, short: times };
  } else if (failures >= threshold) {
    cause = { step: "fallback", why: times, short: times, onHold: "fallback holds" };
  } else {
    const short = `load unreadable (${failure}), ${failures}/${threshold} before fallback`;
    cause = { step: "fallback", why: short, short, onHold: "holding, never scaling down on missing data" };
  }
  const note = cause.onHold ? `${cause.why}: ${cause.onHold}` : cause.why;
  return {
    replicas: wanted,
    state: traced(state, { step: "fallback", out: wanted, note }, { cause, decided: true }),
  };
};

/** Ray's cold start: no running replica and load waiting: go at once. */
export const coldStartStep: PolicyStep = loadStep((replicas, { input, ray }, state, total) => {
  const cold = coldStartReplicas(input.currentReplicas, total, input.targetReplicas, ray.upscalingFactor);
  if (cold === undefined) return { replicas, state };
  const why = `cold start: ${fmt(total)} requests and no running replica`;
  const cause: Cause = { step: "cold_start", why, short: "cold start" };
  return {
    replicas: cold,
    state: traced(state, { step: "cold_start", out: cold, note: why }, { cause, decided: true }),
  };
});

/** Ray's raw desired count from the load total. */
export const rawDesiredStep: PolicyStep = loadStep((_replicas, { input, ray, notes }, state, total) => {
  const raw = rawDesiredReplicas(
    input.currentReplicas,
    total,
    ray.targetOngoingRequests,
    input.targetReplicas,
  );
  const requests = fmt(total);
  const { perReplica } = notes;
  const note = `${requests} ongoing requests ${perReplica}`;
  const basis = { step: "raw_desired", note: `${requests} requests ${perReplica}` };
  return { replicas: raw, state: traced(state, { step: "raw_desired", out: raw, note }, { basis }) };
});

/** The SLO: latency over target wants more; slack that is not ample forbids a scale-down. */
export const sloStep: PolicyStep = loadStep((replicas, { policy, input }, state) => {
  if (input.currentReplicas === 0 || !policy.slo) return { replicas, state };
  const slo = sloAdjustedRaw({
    raw: replicas,
    currentReplicas: input.currentReplicas,
    latencyMs: input.latencyMs,
    slo: policy.slo,
  });
  const change = slo.raw === replicas ? {} : { basis: { step: "slo", note: slo.note } };
  return { replicas: slo.raw, state: traced(state, { step: "slo", out: slo.raw, note: slo.note }, change) };
});

/** Group coordination: a downstream stage wants at least what its upstream stage implies. */
export const groupFloorStep: PolicyStep = loadStep((replicas, { input }, state) => {
  const floor = input.rawFloor;
  if (input.currentReplicas === 0 || !floor || floor.replicas <= replicas) return { replicas, state };
  const basis = { step: "group", note: floor.note };
  return {
    replicas: floor.replicas,
    state: traced(state, { step: "group", out: floor.replicas, note: floor.note }, { basis }),
  };
});

/** Ray's scaling factors, capped where no bound can be higher so a count always fits the state table. */
export const factorsStep: PolicyStep = loadStep((replicas, { input, ray, notes }, state) => {
  const current = input.currentReplicas;
  const scaled = Math.min(
    applyScalingFactors(replicas, current, ray.upscalingFactor, ray.downscalingFactor),
    MAX_REPLICAS_CEILING,
  );
  const note = `${notes.factorsFrom}${current} running`;
  return {
    replicas: scaled,
    state: traced(state, { step: "factors", out: scaled, note }, { raw: replicas }),
  };
});

/** Ray's zero bypass: with no running replica, go to the wanted count without delay. */
export const zeroBypassStep: PolicyStep = loadStep((replicas, { input }, state) => {
  if (input.currentReplicas !== 0 || !(replicas > 0)) return { replicas, state };
  const why = "no running replica: going to the target without delay";
  const cause: Cause = { step: "zero_bypass", why, short: "no running replica" };
  return {
    replicas,
    state: traced(state, { step: "zero_bypass", out: replicas, note: why }, { cause, decided: true }),
  };
});

/**
 * Capacity in flight. By default (`scale_from_in_flight`) replicas still starting count as capacity:
 * Ray's scaling factors move from running + starting rather than from running alone, so a damped
 * scale-up during a start is not undersized, and demand above running + starting always scales up
 * (never held). `hold_scale_up` (opt-in) instead holds every further scale-up while replicas start.
 */
export const pendingStep: PolicyStep = loadStep((replicas, context, state) => {
  const { policy, input } = context;
  const { now, targetReplicas: target, pendingReplicas = 0 } = input;
  const { lastScaleUpAt } = input.state;
  const starting =
    pendingReplicas > 0 && lastScaleUpAt !== null && now - lastScaleUpAt < policy.pending.timeout_s;
  if (!starting || !(Math.max(0, replicas) > target)) return fromInFlight(replicas, context, state);
  if (!policy.pending.hold_scale_up) return fromInFlight(replicas, context, state);
  const short = `${pendingReplicas} replica(s) still starting`;
  const cause: Cause = { step: "pending", why: `${short} would absorb this load`, short };
  const change = { cause, decided: true, holdFloor: true };
  return {
    replicas: target,
    state: traced(state, { step: "pending", out: target, note: cause.why }, change),
  };
});

/** Ray's up factor applied from running + starting replicas, when that asks for more than from running alone. */
function fromInFlight(replicas: number, { policy, input, ray }: StepContext, state: StepState): StepOut {
  const pending = input.pendingReplicas ?? 0;
  const raw = state.raw;
  if (!policy.pending.scale_from_in_flight || pending <= 0 || raw === undefined) return { replicas, state };
  const inFlight = input.currentReplicas + pending;
  if (!(raw > inFlight)) return { replicas, state };
  const sized = Math.min(
    applyScalingFactors(raw, inFlight, ray.upscalingFactor, ray.downscalingFactor),
    MAX_REPLICAS_CEILING,
  );
  if (sized <= replicas) return { replicas, state };
  const note = `sized from ${input.currentReplicas} running + ${pending} starting (up ${fmt(ray.upscalingFactor)})`;
  const basis = { step: "in_flight", note: `${state.basis.note}, ${note}` };
  return { replicas: sized, state: traced(state, { step: "in_flight", out: sized, note }, { basis }) };
}

/** Ray's delays on elapsed time, timers started at the precomputed breach start. */
export const delayStep: PolicyStep = loadStep((replicas, context, state) => {
  const { input, ray, breachStarts, observedUntil, setBy } = context;
  const { now, targetReplicas: target } = input;
  const { counter, ts } = input.state;
  const delay = applyDelay({
    scaled: replicas,
    targetReplicas: target,
    now,
    counter,
    ts,
    ray,
    breachStarts,
    observedUntil,
  });
  const text = delayText({ delay, target, ray, setBy });
  const { basis } = state;
  const moving = delay.direction !== "none";
  // "Matches the load" is a hold's word: quoted under a later step, the load's own numbers are.
  const why = moving || basis.step === "raw_desired" ? `${text} (${basis.note})` : basis.note;
  const cause: Cause = { step: "delay", why, short: moving ? text : basis.note };
  return {
    replicas: delay.decision,
    state: traced(state, { step: "delay", out: delay.decision, note: why }, { cause, decided: true, delay }),
  };
});

/** Bounds: [min, max] in force, ceilings and budgets lowering max; a ceiling is never exceeded. */
export const boundsStep: PolicyStep = (replicas, { bounds, total }, state) => {
  const { min, max, minWhy, maxWhy, capNote } = bounds;
  const bounded = applyBounds(replicas, min, max);
  const change: StepChange = { beforeBounds: replicas, bounded };
  if (bounded === replicas && !(capNote && total !== null))
    return { replicas, state: advance(state, change) };
  const boundWhy = bounded > replicas ? minWhy : maxWhy;
  const cause: Cause = { step: "bounds", why: `${boundWhy} (${state.cause.short})`, short: boundWhy };
  const note = `[${min}, ${max}]${capNote}`;
  return {
    replicas: bounded,
    state: traced(
      state,
      { step: "bounds", out: bounded, note },
      bounded === replicas ? change : { ...change, cause },
    ),
  };
};

/** Rate limits and pauses; missing data is not paced (its fallback floor and bounds apply at once). */
export const limitsStep: PolicyStep = (replicas, { policy, input, total }, state) => {
  if (total === null) return { replicas, state };
  const limits = applyLimits({
    decision: replicas,
    targetReplicas: input.targetReplicas,
    now: input.now,
    limits: policy.limits,
    state: input.state,
    cap: input.cap,
  });
  if (!limits.limitedBy) return { replicas: limits.decision, state: advance(state, { limits }) };
  const why = `limited by ${limits.limitedBy} (${state.cause.short})`;
  const cause: Cause = { step: "limits", why, short: `limited by ${limits.limitedBy}` };
  const note = limits.limitedBy;
  return {
    replicas: limits.decision,
    state: traced(state, { step: "limits", out: limits.decision, note }, { cause, limits }),
  };
};

/**
 * Partial pause (`paused: "scale_in"` or `"scale_out"`): the held direction keeps the target, the other
 * scales as usual. It runs last because only the final count has a direction. It does not halt: like a
 * limit, it leaves the state to evolve (a fired delay stays armed, so the change comes as soon as the
 * pause is lifted), and only the count is held.
 */
export const pausedDirectionStep: PolicyStep = (replicas, { policy, input }, state) => {
  const held = policy.pausedDirection;
  const target = input.targetReplicas;
  if (held === null || (held === "scale_in" ? replicas >= target : replicas <= target)) {
    return { replicas, state };
  }
  const why = `paused ${held}`;
  const onHold = `holding at ${target} (${replicas} wanted: ${state.cause.short})`;
  const cause: Cause = { step: "paused_direction", why, short: why, onHold };
  return {
    replicas: target,
    state: traced(state, { step: "paused_direction", out: target, note: `${why}: ${onHold}` }, { cause }),
  };
};

/**
 * The policy, step by step in order. Insert a step in one line where it belongs:
 * - ownership steps: after `pausedStep` (a step that holds sets `halted`, which also keeps the
 *   stored policy state as it was); the partial pause is last, where the count's direction is known;
 * - a forecast floor (max(reactive decision, forecast replicas)): after `delayStep`, before bounds,
 *   as a plain PolicyStep (not `loadStep`: the delay has already `decided`).
 * A step that changes the count sets `cause` (via `traced`/`advance`) so the reason names it; the
 * property test in test/unit/policy/decisionReasons.test.ts then needs its words in WORDS_OF.
 */
export const DECISION_STEPS: readonly PolicyStep[] = [
  pausedStep,
  fallbackStep,
  coldStartStep,
  rawDesiredStep,
  sloStep,
  groupFloorStep,
  factorsStep,
  zeroBypassStep,
  pendingStep,
  leadAwareStep,
  delayStep,
  forecastStep,
  boundsStep,
  limitsStep,
  pausedDirectionStep,
];

/** What the delay saw, e.g. `4 wanted for 12 s of upscale_delay_s 30 of schedule window "launch"`. */
function delayText(args: {
  delay: DelayOutcome;
  target: number;
  ray: RayParams;
  setBy: StepContext["setBy"];
}): string {
  const { delay, target, ray, setBy } = args;
  if (delay.direction === "none") return `${target} replicas match the load`;
  const waited = Math.max(0, delay.elapsedS);
  const key: keyof RayParams =
    delay.direction === "up"
      ? "upscaleDelayS"
      : target === 1 && ray.downscaleToZeroDelayS !== undefined
        ? "downscaleToZeroDelayS"
        : "downscaleDelayS";
  const relation = delay.fired ? ">=" : "of";
  return `${delay.wanted} wanted for ${fmt(waited)} s ${relation} ${DELAY_FIELD[key]} ${fmt(delay.delayS)}${fromWindow(setBy[key])}`;
}

const DELAY_FIELD: Partial<Record<keyof RayParams, string>> = {
  upscaleDelayS: "upscale_delay_s",
  downscaleDelayS: "downscale_delay_s",
  downscaleToZeroDelayS: "downscale_to_zero_delay_s",
};
