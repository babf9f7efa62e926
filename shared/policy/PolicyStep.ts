import type { BreachStarts, DelayOutcome } from "./applyDelay";
import type { LimitOutcome } from "./applyLimits";
import type { TraceStep } from "./DecisionTrace";
import type { DecisionInput } from "./decide";
import type { EffectiveBounds } from "./effectiveBounds";
import type { RayParams, ResolvedPolicy } from "./ResolvedPolicy";
import type { RayNotes } from "./rayNotes";
import type { ActiveWindow, ScheduleOverlay } from "./scheduleOverlay";

/** What every step reads and none changes: the policy, the input and what is worked out once from them. */
export interface StepContext {
  readonly policy: ResolvedPolicy;
  readonly input: DecisionInput;
  /** The Ray parameters in force (schedule windows overlaid). */
  readonly ray: RayParams;
  readonly activeWindows: readonly ActiveWindow[];
  /** The window that set each Ray parameter in force, for reasons. */
  readonly setBy: ScheduleOverlay["setBy"];
  /** Trace words of the Ray parameters in force, worked out once per parameter set. */
  readonly notes: RayNotes;
  readonly bounds: EffectiveBounds;
  /** The load total, or null when it could not be read (missing, not finite or negative). */
  readonly total: number | null;
  /** Breach starts on the metric timeline, precomputed so the delay step never calls back. */
  readonly breachStarts: BreachStarts;
  /** The end of the newest load datapoint's period (how far the load has been observed), or null. */
  readonly observedUntil: number | null;
}

/** The step that set the count so far, in the words the reason uses. */
export interface Cause {
  readonly step: string;
  /** Why, as the reason states it when this step set the final count. */
  readonly why: string;
  /** A compact form, quoted in parentheses when a later step (bounds, limits) takes over. */
  readonly short: string;
  /** Said only when the decision holds (e.g. "never scaling down on missing data"). */
  readonly onHold?: string;
}

/** The trace so far, newest step first: appending shares what is there instead of copying it. */
export interface TraceLog {
  readonly step: TraceStep;
  readonly earlier: TraceLog | null;
}

/** The trace steps of a log, oldest first. */
export function traceSteps(log: TraceLog | null): TraceStep[] {
  const steps: TraceStep[] = [];
  for (let at = log; at !== null; at = at.earlier) steps.push(at.step);
  return steps.reverse();
}

/** What the steps accumulate besides the count itself. */
export interface StepState {
  readonly trace: TraceLog | null;
  readonly cause: Cause;
  /** What the load asks for (raw desired, SLO or group note), quoted by the delay's reason. */
  readonly basis: { readonly step: string; readonly note: string };
  /** A step has decided the count (cold start, fallback, pending, delay...): load steps leave it alone. */
  readonly decided: boolean;
  /** The pipeline stops here and the policy state is kept as it was (paused). */
  readonly halted: boolean;
  /** A pending hold: the breach floor moves to the newest datapoint. */
  readonly holdFloor: boolean;
  readonly delay?: DelayOutcome | undefined;
  /** The count the load asks for before Ray's scaling factors (raw desired, SLO and group adjusted). */
  readonly raw?: number | undefined;
  /** The count entering bounds and leaving them. */
  readonly beforeBounds?: number | undefined;
  readonly bounded?: number | undefined;
  readonly limits?: LimitOutcome | undefined;
}

/** One named step of the policy, Ray's shape: (value, context, state) -> (value, state). */
export type PolicyStep = (
  replicas: number,
  context: StepContext,
  state: StepState,
) => { readonly replicas: number; readonly state: StepState };

/** Runs steps in order, each on the previous one's count and state, until one halts. */
export function runSteps(
  steps: readonly PolicyStep[],
  replicas: number,
  context: StepContext,
  state: StepState,
): { readonly replicas: number; readonly state: StepState } {
  let out = { replicas, state };
  for (const step of steps) {
    if (out.state.halted) break;
    out = step(out.replicas, context, out.state);
  }
  return out;
}

/** What a step changes in the state; fields left out keep their value. */
export type StepChange = Partial<Omit<StepState, "trace">>;

/**
 * The state with `change` applied and, when given, one more trace step. The state's fields are listed
 * one by one rather than spread (object spread is slow on the Node versions the simulator runs on),
 * then only the fields `change` sets are written: changes come in many shapes, and reading every field
 * of each was the costliest part of a decision. A field set to undefined or null keeps its value.
 */
export function advance(state: StepState, change: StepChange, step?: TraceStep): StepState {
  const next: { -readonly [K in keyof StepState]: StepState[K] } = {
    trace: step ? { step, earlier: state.trace } : state.trace,
    cause: state.cause,
    basis: state.basis,
    decided: state.decided,
    halted: state.halted,
    holdFloor: state.holdFloor,
    delay: state.delay,
    raw: state.raw,
    beforeBounds: state.beforeBounds,
    bounded: state.bounded,
    limits: state.limits,
  };
  for (const key in change) {
    const value = change[key as keyof StepChange];
    if (value !== undefined && value !== null) (next as Record<string, unknown>)[key] = value;
  }
  return next;
}

const NO_CHANGE: StepChange = Object.freeze({});

/** The state with one more trace step and `change` applied. */
export function traced(state: StepState, step: TraceStep, change: StepChange = NO_CHANGE): StepState {
  return advance(state, change, step);
}
