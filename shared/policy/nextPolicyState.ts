import type { Series } from "../metrics/Datapoint";
import type { PolicyState } from "./PolicyState";
import type { StepContext, StepState } from "./PolicyStep";
import { upsWithinMinute } from "./perMinuteWindow";

/** What the next state depends on: the context, the final count and what the steps recorded. */
export interface NextStateArgs {
  readonly context: StepContext;
  readonly desired: number;
  readonly steps: StepState;
}

/**
 * The policy state to store after a decision. Paused keeps it as it was. Missing data counts a
 * failure and leaves the timers as they were (it neither advances nor resets them). Otherwise the
 * delay's timer is kept, re-armed (a fired delay whose step a limit cut short, so pacing goes on
 * without a new delay) or cleared, the breach floor moves to the newest datapoint after a fire or
 * a pending hold, the scale-down floor moves to now unless a scale-down is still pending, and scale
 * times and recent scale-ups are recorded.
 */
export function nextPolicyState(args: NextStateArgs): PolicyState {
  const { context, desired, steps } = args;
  const { input } = context;
  const { state, targetReplicas: target, now } = input;
  if (steps.halted) return state;
  const lastScaleUpAt = desired > target ? now : state.lastScaleUpAt;
  const lastScaleDownAt = desired < target ? now : state.lastScaleDownAt;
  if (context.total === null) {
    return { ...state, metricFailures: state.metricFailures + 1, lastScaleUpAt, lastScaleDownAt };
  }
  const newestSeen = newestTime(input.load.series, now);
  const { counter, ts, floor, downFloor } = timers(args, newestSeen);
  // Listed field by field (same order as before): object spread is slow on the simulator's Node.
  return {
    counter,
    ts,
    floor,
    lastScaleUpAt,
    lastScaleDownAt,
    recentUps:
      desired > target
        ? upsWithinMinute([...state.recentUps, { at: now, added: desired - target }], now)
        : state.recentUps,
    metricFailures: 0,
    lastRunning: input.currentReplicas,
    seenUntil: newestSeen ?? state.seenUntil ?? null,
    downFloor,
  };
}

/**
 * The delay's timer and the breach floors; `newestSeen` is the newest datapoint at or before now. The
 * scale-down floor stays only while a scale-down is pending (its timer running, or kept after a fire a
 * limit cut short); any other evaluation, a change included, did not want one, so it moves to now, as
 * Ray's controller restarts its counter (a pending scale-up leaves no room for one either).
 */
function timers(
  { context, desired, steps }: NextStateArgs,
  newestSeen: number | null,
): Pick<PolicyState, "counter" | "ts" | "floor" | "downFloor"> {
  const { state, targetReplicas: target, now } = context.input;
  const { delay, bounded, holdFloor } = steps;
  const rearm = delay?.fired === true && desired !== bounded && desired !== target;
  const blocked = delay?.fired === true && desired === target && bounded !== target;
  const keepTimer = rearm || blocked;
  return {
    counter: keepTimer ? (delay?.direction === "down" ? -1 : 1) : (delay?.counter ?? state.counter),
    ts: keepTimer ? (delay?.startedAt ?? now) : delay ? delay.ts : state.ts,
    floor: (delay?.fired && !keepTimer) || holdFloor ? (newestSeen ?? state.floor) : state.floor,
    downFloor: delay?.direction === "down" && (!delay.fired || keepTimer) ? (state.downFloor ?? null) : now,
  };
}

function newestTime(series: Series | undefined, now: number): number | null {
  if (!series) return null;
  for (let i = series.length - 1; i >= 0; i--) {
    const p = series[i]!;
    if (p.t <= now) return p.t;
  }
  return null;
}
