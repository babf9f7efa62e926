import type { StepContext, StepState } from "./PolicyStep";

/**
 * When the policy meant a change to happen, for lateness: a fired delay meant it when the delay
 * elapsed (bounds may cap the step, but not move it); a window's bound meant it from the window's
 * effective start; a forecast floor meant it from when the floor rose; limits meant it no earlier
 * than they permitted; a scale-in the pause held back
 * was meant for the moment the pause ended. Missing data changes at once. Null when nothing changes.
 */
export function intendedChangeTime(args: {
  readonly context: StepContext;
  readonly desired: number;
  readonly steps: StepState;
}): number | null {
  const { context, desired, steps } = args;
  const { now, targetReplicas: target, state } = context.input;
  if (desired === target) return null;
  if (context.total === null) return now;
  const pause = context.policy.limits.scale_in_pause_s;
  return Math.max(
    plannedTime(context, steps),
    steps.limits?.permittedAt ?? Number.NEGATIVE_INFINITY,
    desired < target && state.lastScaleUpAt !== null && pause > 0
      ? Math.min(now, state.lastScaleUpAt + pause)
      : Number.NEGATIVE_INFINITY,
  );
}

function plannedTime(context: StepContext, steps: StepState): number {
  const { now, forecast } = context.input;
  const reactive = reactiveTime(context, steps);
  // The floor set the count, or set it before max_replicas (or a ceiling) cut it back.
  const capped =
    steps.cause.step === "bounds" &&
    steps.beforeBounds === forecast?.replicas &&
    (steps.bounded ?? 0) < (steps.beforeBounds ?? 0);
  if (!forecast?.acts || (steps.cause.step !== "forecast" && !capped)) return reactive;
  const floorSince = Math.min(now, forecast.risenAt);
  // A raise to the floor was meant when the floor rose; a scale-down stopped at the floor once both the
  // delay had fired and the floor had come down to its value.
  return context.input.targetReplicas < forecast.replicas ? floorSince : Math.max(reactive, floorSince);
}

function reactiveTime(context: StepContext, steps: StepState): number {
  const { now } = context.input;
  const { delay, beforeBounds, bounded } = steps;
  if (delay?.fired) return Math.min(now, (delay.startedAt ?? now) + delay.delayS);
  const active = context.activeWindows;
  if (bounded !== beforeBounds && active.length > 0) {
    return Math.min(now, Math.max(...active.map((w) => w.since)));
  }
  return now;
}
