import type { Series } from "../metrics/Datapoint";
import type { Direction } from "./applyDelay";
import type { TraceStep } from "./DecisionTrace";
import { decisionContext, initialStepState } from "./decisionContext";
import { decisionReason } from "./decisionReason";
import { DECISION_STEPS } from "./decisionSteps";
import { intendedChangeTime } from "./intendedChangeTime";
import { nextPolicyState } from "./nextPolicyState";
import type { PolicyState } from "./PolicyState";
import { type Cause, runSteps, type StepContext, type StepState, traceSteps } from "./PolicyStep";
import type { ResolvedPolicy } from "./ResolvedPolicy";

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
  /** The forecast floor the engine read from the stored forecast (predictiveFloor); absent without one. */
  readonly forecast?: ForecastFloorInput;
}

/** What the stored forecast says for this round (see shared/forecast/predictiveFloor). */
export interface ForecastFloorInput {
  /** Replicas the forecast needs at `at`. */
  readonly replicas: number;
  /** The instant the floor is sized for: now + lead_time_s. */
  readonly at: number;
  /** When the forecast was made. */
  readonly madeAt: number;
  /** Since when the floor has been at least `replicas` (a raise's intended time). */
  readonly risenAt: number;
  /** forecast_and_scale: the floor is applied; forecast_only: recorded and shown, not acted on. */
  readonly acts: boolean;
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
  /** The step that set the count, in its words: the engine restates the reason from the count it acts on. */
  readonly cause: Cause;
  /** When the policy meant the change to happen (its delay elapsed, its window began); null if no change. */
  readonly intendedAt: number | null;
  readonly pendingDelay: PendingDelay | null;
  readonly state: PolicyState;
  readonly trace: readonly TraceStep[];
}

/**
 * Decides one target's replica count by running DECISION_STEPS in order, as Ray Serve's
 * `_apply_default_params` composes its steps: schedules (in the context), pause, missing-data
 * fallback, then Ray Serve's default policy step for step (cold start, raw desired, SLO and group
 * adjustments, factors, zero bypass, pending capacity, delays on elapsed time, bounds), then
 * limits. The reason names the step that set the final count. Pure: the same input gives the
 * same output.
 */
export function decide(policy: ResolvedPolicy, input: DecisionInput): Decision {
  const context = decisionContext(policy, input);
  const start = initialStepState(context);
  const { replicas: desired, state: steps } = runSteps(DECISION_STEPS, input.targetReplicas, context, start);
  return decisionOf({ context, desired, steps });
}

/** The decision the steps reached: direction, reason, timing, pending delay and next state. */
function decisionOf(args: { context: StepContext; desired: number; steps: StepState }): Decision {
  const { context, desired, steps } = args;
  const target = context.input.targetReplicas;
  const { delay } = steps;
  const pendingDelay: PendingDelay | null =
    delay && !delay.fired && delay.direction !== "none" && delay.ts !== null
      ? {
          direction: delay.direction,
          wanted: delay.wanted,
          since: delay.ts,
          firesAt: delay.firesAt ?? delay.ts + delay.delayS,
        }
      : null;
  return {
    desiredReplicas: desired,
    previousTarget: target,
    direction: desired > target ? "up" : desired < target ? "down" : "none",
    reason: decisionReason({ previousTarget: target, desired, cause: steps.cause }),
    cause: steps.cause,
    intendedAt: intendedChangeTime(args),
    pendingDelay,
    state: nextPolicyState(args),
    trace: traceSteps(steps.trace),
  };
}
