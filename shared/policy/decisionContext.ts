import type { DecisionInput } from "./decide";
import { effectiveBounds } from "./effectiveBounds";
import { observedUntil } from "./observedUntil";
import type { StepContext, StepState, TraceLog } from "./PolicyStep";
import type { ResolvedPolicy } from "./ResolvedPolicy";
import { rayNotes } from "./rayNotes";
import { type ActiveWindow, scheduleOverlay } from "./scheduleOverlay";
import { timelineBreachStarts } from "./timelineBreachStarts";

/**
 * Works out once what every step of one decision reads: the Ray parameters with the schedule
 * windows active at `now` laid over them, the bounds and what set them, the load total (null
 * when unreadable), the breach starts on the metric timeline and how far that timeline reaches.
 */
export function decisionContext(policy: ResolvedPolicy, input: DecisionInput): StepContext {
  const overlay = policy.schedules.length > 0 ? scheduleOverlay(policy, input.now) : undefined;
  const ray = overlay ? overlay.ray : policy.ray;
  const setBy = overlay?.setBy ?? NO_WINDOW;
  const raw = input.load.total;
  const total = raw === null || !Number.isFinite(raw) || raw < 0 ? null : raw;
  return {
    policy,
    input,
    ray,
    activeWindows: overlay?.active ?? [],
    setBy,
    notes: rayNotes({ ray, setBy }),
    bounds: effectiveBounds({ policy, ray, overlay, input }),
    total,
    breachStarts: total === null ? NO_BREACH : timelineBreachStarts({ input, ray, window: policy }),
    observedUntil: observedUntil(policy, input),
  };
}

const NO_WINDOW: StepContext["setBy"] = Object.freeze({});
const NO_BREACH: StepContext["breachStarts"] = Object.freeze({ up: null, down: null });

// Every path sets a cause (pause, fallback, cold start, zero bypass, pending or delay); this is never said.
const AS_IT_STANDS = Object.freeze({
  step: "target",
  why: "the target as it stands",
  short: "the target as it stands",
  note: "the target as it stands",
});

/** The state the first step starts from: the target as it stands, the active windows traced. */
export function initialStepState(context: StepContext): StepState {
  return {
    trace: schedulesTrace(context.activeWindows),
    cause: AS_IT_STANDS,
    basis: AS_IT_STANDS,
    decided: false,
    halted: false,
    holdFloor: false,
    delay: undefined,
    raw: undefined,
    beforeBounds: undefined,
    bounded: undefined,
    limits: undefined,
  };
}

// The active windows are one shared list while they stand (see scheduleOverlay), and a trace is never
// changed once made: their trace step is made once per list instead of every decision.
const schedulesTraces = new WeakMap<readonly ActiveWindow[], TraceLog>();

/** The trace's first step, naming the windows in force; null when none is. */
function schedulesTrace(active: readonly ActiveWindow[]): TraceLog | null {
  if (active.length === 0) return null;
  let trace = schedulesTraces.get(active);
  if (trace === undefined) {
    const names = active.map((w) => w.name).join(", ");
    trace = { step: { step: "schedules", out: null, note: `active: ${names}` }, earlier: null };
    schedulesTraces.set(active, trace);
  }
  return trace;
}
