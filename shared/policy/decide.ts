import { breachStart } from "../metrics/breachStart";
import type { Series } from "../metrics/Datapoint";
import { applyBounds } from "./applyBounds";
import { applyDelay, type DelayOutcome, type Direction } from "./applyDelay";
import { applyLimits } from "./applyLimits";
import { applyScalingFactors } from "./applyScalingFactors";
import { coldStartReplicas } from "./coldStartReplicas";
import type { TraceStep } from "./DecisionTrace";
import { MAX_REPLICAS_CEILING } from "./PolicySchema";
import type { PolicyState } from "./PolicyState";
import type { RayParams, ResolvedPolicy } from "./ResolvedPolicy";
import { rawDesiredReplicas } from "./rawDesiredReplicas";
import { scheduleOverlay } from "./scheduleOverlay";
import { sloAdjustedRaw } from "./sloAdjustedRaw";

/** The load as measured for one evaluation. */
export interface LoadReading {
  /** Total ongoing requests (plus backlog) aggregated over the look-back window; null when unreadable. */
  readonly total: number | null;
  /** The total-load datapoints (the metric timeline), so a breach start can be read from their timestamps. */
  readonly series?: Series;
  /** Why the load could not be read (when total is null). */
  readonly failure?: string;
}

/** Everything one decision depends on; `now` is the injected clock (epoch seconds). */
export interface DecisionInput {
  readonly now: number;
  /** Running replicas (Ray's current_num_replicas). */
  readonly currentReplicas: number;
  /** Replicas asked for and still starting (ECS pendingCount); capacity in flight. */
  readonly pendingReplicas?: number;
  /** The replica count last decided: what the service is being driven to. */
  readonly targetReplicas: number;
  readonly state: PolicyState;
  readonly load: LoadReading;
  /** The SLO latency metric aggregated over the look-back window (ms). */
  readonly latencyMs?: number | null;
  /** Deploy-time guardrails no policy edit can exceed. */
  readonly ceilings?: { readonly maxReplicas?: number; readonly maxGpus?: number };
  /** Group coordination: want at least this many replicas (downstream sized from upstream). */
  readonly rawFloor?: { readonly replicas: number; readonly note: string };
  /** Group coordination: a GPU budget share, granted bottleneck first. */
  readonly cap?: { readonly replicas: number; readonly note: string };
}

/** A delay that is running and will fire at `firesAt` if the load keeps wanting it. */
export interface PendingDelay {
  readonly direction: "up" | "down";
  readonly wanted: number;
  readonly since: number;
  readonly firesAt: number;
}

/** The outcome of one decision: the new target, why, when it was meant to happen, and the trace. */
export interface Decision {
  readonly desiredReplicas: number;
  readonly previousTarget: number;
  readonly direction: Direction;
  readonly reason: string;
  /** When the policy meant the change to happen (its delay elapsed, its window began); null if no change. */
  readonly intendedAt: number | null;
  readonly pendingDelay: PendingDelay | null;
  readonly state: PolicyState;
  readonly trace: readonly TraceStep[];
}

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));

/**
 * Decides one target's replica count: schedules, pause, missing-data fallback, then Ray Serve's
 * default policy step for step (cold start, raw desired, SLO and group adjustments, factors, zero
 * bypass, delays on elapsed time, bounds), then limits. Pure: the same input gives the same output.
 */
export function decide(policy: ResolvedPolicy, input: DecisionInput): Decision {
  const { now, currentReplicas: current, targetReplicas: target, state } = input;
  const trace: TraceStep[] = [];
  const overlay = policy.schedules.length > 0 ? scheduleOverlay(policy, now) : undefined;
  const ray = overlay ? overlay.ray : policy.ray;
  if (overlay && overlay.active.length > 0) {
    const names = overlay.active.map((w) => w.name).join(", ");
    trace.push({ step: "schedules", out: null, note: `active: ${names}` });
  }
  const { min, max, boundNote } = effectiveBounds(policy, ray, input);

  if (policy.paused) {
    return hold(input, trace, state, "paused: holding the current target, deciding nothing");
  }

  const total = input.load.total;
  if (total === null || !Number.isFinite(total) || total < 0) {
    return decideWithoutLoad(policy, input, trace, min, max);
  }
  const healthy: PolicyState = state.metricFailures === 0 ? state : { ...state, metricFailures: 0 };

  let decision: number;
  let delay: DelayOutcome | undefined;
  let why: string;
  let holdFloor = false;
  const cold = coldStartReplicas(current, total, target, ray.upscalingFactor);
  if (cold !== undefined) {
    decision = cold;
    why = `cold start: ${fmt(total)} requests and no running replica`;
    trace.push({ step: "cold_start", out: cold, note: why });
  } else {
    let raw = rawDesiredReplicas(current, total, ray.targetOngoingRequests, target);
    trace.push({
      step: "raw_desired",
      out: raw,
      note: `${fmt(total)} ongoing requests at ${fmt(ray.targetOngoingRequests)} per replica`,
    });
    if (current > 0 && policy.slo) {
      const slo = sloAdjustedRaw(raw, current, input.latencyMs, policy.slo);
      raw = slo.raw;
      trace.push({ step: "slo", out: raw, note: slo.note });
    }
    if (current > 0 && input.rawFloor && input.rawFloor.replicas > raw) {
      raw = input.rawFloor.replicas;
      trace.push({ step: "group", out: raw, note: input.rawFloor.note });
    }
    // Capped where no bound can be higher, so a huge load never makes a count DynamoDB cannot store.
    const scaled = Math.min(
      applyScalingFactors(raw, current, ray.upscalingFactor, ray.downscalingFactor),
      MAX_REPLICAS_CEILING,
    );
    trace.push({
      step: "factors",
      out: scaled,
      note: `up ${fmt(ray.upscalingFactor)}, down ${fmt(ray.downscalingFactor)} from ${current} running`,
    });
    if (current === 0 && scaled > 0) {
      decision = scaled;
      why = "no running replica: going to the target without delay";
      trace.push({ step: "zero_bypass", out: scaled, note: why });
    } else if (
      Math.max(0, scaled) > target &&
      policy.pending.hold_scale_up &&
      (input.pendingReplicas ?? 0) > 0 &&
      state.lastScaleUpAt !== null &&
      now - state.lastScaleUpAt < policy.pending.timeout_s
    ) {
      // Capacity in flight: the backlog it has not absorbed yet must not buy it a second time.
      decision = target;
      holdFloor = true;
      why = `holding at ${target}: ${input.pendingReplicas} replica(s) still starting would absorb this load`;
      trace.push({ step: "pending", out: target, note: why });
    } else {
      delay = applyDelay(scaled, target, now, state.counter, state.ts, ray, (direction) =>
        timelineBreachStart(direction, input, ray),
      );
      decision = delay.decision;
      why = `${delayReason(delay, target, now)} (${fmt(total)} requests at ${fmt(ray.targetOngoingRequests)} per replica)`;
      trace.push({ step: "delay", out: decision, note: why });
    }
  }

  const bounded = applyBounds(decision, min, max);
  if (bounded !== decision || boundNote) {
    trace.push({ step: "bounds", out: bounded, note: `[${min}, ${max}]${boundNote}` });
  }
  const limited = applyLimits(bounded, target, now, policy.limits, healthy, input.cap);
  if (limited.limitedBy) trace.push({ step: "limits", out: limited.decision, note: limited.limitedBy });
  const desired = limited.decision;

  // A fired delay whose step a limit cut short stays armed, so pacing continues without a new delay.
  const rearm = delay?.fired === true && limited.decision !== bounded && limited.decision !== target;
  const blocked = delay?.fired === true && limited.decision === target && bounded !== target;
  const keepTimer = rearm || blocked;
  const newestSeen = newestTime(input.load.series, now);
  const next: PolicyState = {
    counter: keepTimer ? (delay?.direction === "down" ? -1 : 1) : (delay?.counter ?? healthy.counter),
    ts: keepTimer ? (delay?.startedAt ?? now) : delay ? delay.ts : healthy.ts,
    floor: (delay?.fired && !keepTimer) || holdFloor ? (newestSeen ?? healthy.floor) : healthy.floor,
    lastScaleUpAt: desired > target ? now : healthy.lastScaleUpAt,
    lastScaleDownAt: desired < target ? now : healthy.lastScaleDownAt,
    recentUps:
      desired > target
        ? pruneUps([...healthy.recentUps, { at: now, added: desired - target }], now)
        : healthy.recentUps,
    metricFailures: 0,
    lastRunning: current,
    seenUntil: newestSeen ?? healthy.seenUntil ?? null,
  };

  const direction: Direction = desired > target ? "up" : desired < target ? "down" : "none";
  const intendedAt =
    direction === "none"
      ? null
      : Math.max(
          intendedChangeTime(delay, now, decision, bounded, overlay?.active),
          limited.permittedAt ?? Number.NEGATIVE_INFINITY,
          // A scale-in the pause held back was meant for the moment the pause ended.
          direction === "down" && healthy.lastScaleUpAt !== null && policy.limits.scale_in_pause_s > 0
            ? Math.min(now, healthy.lastScaleUpAt + policy.limits.scale_in_pause_s)
            : Number.NEGATIVE_INFINITY,
        );
  const reason =
    direction === "none"
      ? limited.limitedBy && bounded !== target
        ? `hold at ${target}: ${limited.limitedBy}`
        : bounded !== decision
          ? `hold at ${target} (bounds [${min}, ${max}]): ${why}`
          : `hold at ${target}: ${why}`
      : `scale ${direction} ${target} -> ${desired}: ${why}${bounded !== decision ? ` (bounds [${min}, ${max}])` : ""}${limited.limitedBy ? ` (limited by ${limited.limitedBy})` : ""}`;
  const pendingDelay: PendingDelay | null =
    delay && !delay.fired && delay.direction !== "none" && delay.ts !== null
      ? {
          direction: delay.direction,
          wanted: delay.wanted,
          since: delay.ts,
          firesAt: delay.ts + delay.delayS,
        }
      : null;
  return {
    desiredReplicas: desired,
    previousTarget: target,
    direction,
    reason,
    intendedAt,
    pendingDelay,
    state: next,
    trace,
  };
}

function effectiveBounds(
  policy: ResolvedPolicy,
  ray: RayParams,
  input: DecisionInput,
): { min: number; max: number; boundNote: string } {
  let max = ray.maxReplicas;
  let boundNote = "";
  const perTask = policy.gpusPerTask;
  const caps: [number | undefined, string][] = [
    [input.ceilings?.maxReplicas, "deploy-time replica ceiling"],
    [
      input.ceilings?.maxGpus === undefined ? undefined : Math.floor(input.ceilings.maxGpus / perTask),
      "deploy-time GPU ceiling",
    ],
    [
      policy.limits.max_gpus === undefined ? undefined : Math.floor(policy.limits.max_gpus / perTask),
      "limits.max_gpus",
    ],
    [
      policy.limits.max_cost_per_hour === undefined || policy.limits.gpu_hour_cost === undefined
        ? undefined
        : Math.floor(policy.limits.max_cost_per_hour / (policy.limits.gpu_hour_cost * perTask) + 1e-9),
      "limits.max_cost_per_hour",
    ],
  ];
  for (const [cap, name] of caps) {
    if (cap !== undefined && cap < max) {
      max = Math.max(0, cap);
      boundNote = `, max lowered by ${name}`;
    }
  }
  // A ceiling is never exceeded, not even by a minimum.
  const min = Math.min(ray.minReplicas, max);
  return { min, max, boundNote };
}

function hold(input: DecisionInput, trace: TraceStep[], state: PolicyState, why: string): Decision {
  trace.push({ step: "hold", out: input.targetReplicas, note: why });
  return {
    desiredReplicas: input.targetReplicas,
    previousTarget: input.targetReplicas,
    direction: "none",
    reason: `hold at ${input.targetReplicas}: ${why}`,
    intendedAt: null,
    pendingDelay: null,
    state,
    trace,
  };
}

function decideWithoutLoad(
  policy: ResolvedPolicy,
  input: DecisionInput,
  trace: TraceStep[],
  min: number,
  max: number,
): Decision {
  const { now, targetReplicas: target, state } = input;
  const failures = state.metricFailures + 1;
  const failure = input.load.failure ?? "no load reading";
  const fallback = policy.fallback;
  let wanted = target;
  let why: string;
  if (
    failures >= fallback.failure_threshold &&
    fallback.action === "fixed" &&
    fallback.replicas !== undefined
  ) {
    // Missing data never scales down: the fixed count is a floor.
    wanted = Math.max(target, fallback.replicas);
    why = `load unreadable ${failures} times (${failure}): fallback to at least ${fallback.replicas}`;
  } else if (failures >= fallback.failure_threshold) {
    why = `load unreadable ${failures} times (${failure}): fallback holds`;
  } else {
    why = `load unreadable (${failure}), ${failures}/${fallback.failure_threshold} before fallback: holding, never scaling down on missing data`;
  }
  trace.push({ step: "fallback", out: wanted, note: why });
  const desired = applyBounds(wanted, min, max);
  if (desired !== wanted) trace.push({ step: "bounds", out: desired, note: `[${min}, ${max}]` });
  const direction: Direction = desired > target ? "up" : desired < target ? "down" : "none";
  // Timers are left as they were: missing data neither advances nor resets them.
  const next: PolicyState = {
    ...state,
    metricFailures: failures,
    lastScaleUpAt: desired > target ? now : state.lastScaleUpAt,
    lastScaleDownAt: desired < target ? now : state.lastScaleDownAt,
  };
  return {
    desiredReplicas: desired,
    previousTarget: target,
    direction,
    reason:
      direction === "none"
        ? `hold at ${target}: ${why}`
        : `scale ${direction} ${target} -> ${desired}: ${why}`,
    intendedAt: direction === "none" ? null : now,
    pendingDelay: null,
    state: next,
    trace,
  };
}

/** Where the breach that wants `direction` began on the metric timeline, after the last fire or hold. */
function timelineBreachStart(direction: "up" | "down", input: DecisionInput, ray: RayParams): number | null {
  const series = input.load.series;
  if (!series || series.length === 0) return null;
  const { currentReplicas: current, targetReplicas: target } = input;
  const wantedAt = (v: number) =>
    Math.max(
      0,
      applyScalingFactors(
        rawDesiredReplicas(current, v, ray.targetOngoingRequests, target),
        current,
        ray.upscalingFactor,
        ray.downscalingFactor,
      ),
    );
  const predicate =
    direction === "up" ? (v: number) => wantedAt(v) > target : (v: number) => wantedAt(v) < target;
  // Old datapoints were judged against the running count of their time: when it changed, a breach
  // can only start in datapoints the last evaluation had not seen yet.
  const { floor, lastRunning, seenUntil } = input.state;
  const rebased =
    lastRunning !== undefined && lastRunning !== null && lastRunning !== current ? seenUntil : null;
  const bounds = [floor, rebased].filter((x): x is number => x !== null && x !== undefined);
  const after = bounds.length > 0 ? Math.max(...bounds) : undefined;
  return breachStart(series, predicate, after === undefined ? { now: input.now } : { now: input.now, after });
}

function intendedChangeTime(
  delay: DelayOutcome | undefined,
  now: number,
  decision: number,
  bounded: number,
  active: readonly { since: number }[] | undefined,
): number {
  if (delay?.fired) {
    // Bounds may cap the step, but it was still meant for the moment the delay elapsed.
    return Math.min(now, (delay.startedAt ?? now) + delay.delayS);
  }
  if (bounded !== decision && active && active.length > 0) {
    // A window's bound moved the target: it was meant to from the window's effective start.
    return Math.min(now, Math.max(...active.map((w) => w.since)));
  }
  return now;
}

function delayReason(delay: DelayOutcome, target: number, now: number): string {
  if (delay.direction === "none") return `${target} replicas match the load`;
  const started = delay.startedAt ?? now;
  const waited = Math.max(0, now - started);
  const name =
    delay.direction === "up"
      ? "upscale_delay_s"
      : target === 1
        ? "downscale_to_zero_delay_s"
        : "downscale_delay_s";
  if (delay.fired) {
    return `${delay.wanted} wanted for ${fmt(waited)} s >= ${name} ${fmt(delay.delayS)}`;
  }
  return `${delay.wanted} wanted for ${fmt(waited)} s of ${name} ${fmt(delay.delayS)}`;
}

function newestTime(series: Series | undefined, now: number): number | null {
  if (!series) return null;
  for (let i = series.length - 1; i >= 0; i--) {
    const p = series[i]!;
    if (p.t <= now) return p.t;
  }
  return null;
}

function pruneUps(ups: { at: number; added: number }[], now: number): { at: number; added: number }[] {
  return ups.filter((u) => u.at > now - 60);
}
