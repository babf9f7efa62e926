import { type WindowBreachStartOptions, windowBreachStart } from "../metrics/windowBreachStart";
import type { BreachStarts } from "./applyDelay";
import { applyScalingFactors } from "./applyScalingFactors";
import type { DecisionInput } from "./decide";
import type { RayParams, ResolvedPolicy } from "./ResolvedPolicy";
import { rawDesiredReplicas } from "./rawDesiredReplicas";

const NO_BREACH: BreachStarts = Object.freeze({ up: null, down: null });

/**
 * Where the breaches wanting a scale-up and a scale-down began on the metric timeline, after the
 * last fire or hold, read once before the pipeline runs: at each instant the load aggregated over
 * look_back_period_s (as the decision aggregates it) is judged by Ray's raw desired count and
 * factors against the target, so a timer starts when Ray's controller, evaluating the same
 * aggregate, would have started it, not when one datapoint alone crossed. Old datapoints were judged
 * against the running count of their time, so when that count changed a breach can only start after
 * the datapoints the last evaluation had already seen. A scale-down's breach also starts only after
 * the last evaluation that did not want one (the state's downFloor): as Ray's counter restarts at
 * such an iteration, datapoints published later cannot reach back past it to shorten the wait.
 */
export function timelineBreachStarts(args: BreachSearch): BreachStarts {
  const { input, window } = args;
  const series = input.load.series;
  if (!series || series.length === 0) return NO_BREACH;
  const options: WindowBreachStartOptions<BreachSearch> = {
    now: input.now,
    lookBackS: window.lookBackPeriodS,
    fn: window.aggregation,
    after: searchAfter(input),
    context: args,
  };
  // The aggregate at now wants at most one direction, so a breach found up leaves none down.
  const up = windowBreachStart(series, wantsUp, options);
  if (up !== null) return { up, down: null };
  const downFloor = input.state.downFloor;
  const downAfter =
    downFloor === undefined || downFloor === null
      ? options.after
      : Math.max(options.after ?? downFloor, downFloor);
  const down = windowBreachStart(
    series,
    wantsDown,
    downAfter === options.after ? options : { ...options, after: downAfter },
  );
  return down === null ? NO_BREACH : { up: null, down };
}

/** What the breach search reads: the decision's input, the Ray parameters in force and the window. */
interface BreachSearch {
  readonly input: DecisionInput;
  readonly ray: RayParams;
  readonly window: Pick<ResolvedPolicy, "lookBackPeriodS" | "aggregation">;
}

/** The count Ray would want, before delays, were the aggregate load `aggregate`. */
function wantedAt(aggregate: number, { input, ray }: BreachSearch): number {
  const { currentReplicas: current, targetReplicas: target } = input;
  const raw = rawDesiredReplicas(current, aggregate, ray.targetOngoingRequests, target);
  return Math.max(0, applyScalingFactors(raw, current, ray.upscalingFactor, ray.downscalingFactor));
}

function wantsUp(aggregate: number, search: BreachSearch): boolean {
  return wantedAt(aggregate, search) > search.input.targetReplicas;
}

function wantsDown(aggregate: number, search: BreachSearch): boolean {
  return wantedAt(aggregate, search) < search.input.targetReplicas;
}

/**
 * The time a breach must start after, or undefined: the last fire or hold, and when the running count
 * changed, the datapoints the last evaluation had already seen (whichever is later).
 */
function searchAfter({ state, currentReplicas }: DecisionInput): number | undefined {
  const { floor, lastRunning, seenUntil } = state;
  const rebased =
    lastRunning !== undefined && lastRunning !== null && lastRunning !== currentReplicas ? seenUntil : null;
  if (rebased === undefined || rebased === null) return floor ?? undefined;
  return floor === undefined || floor === null ? rebased : Math.max(floor, rebased);
}
