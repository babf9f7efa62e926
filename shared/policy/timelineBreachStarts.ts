import { windowBreachStart } from "../metrics/windowBreachStart";
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
 * the datapoints the last evaluation had already seen.
 */
export function timelineBreachStarts(args: {
  readonly input: DecisionInput;
  readonly ray: RayParams;
  readonly window: Pick<ResolvedPolicy, "lookBackPeriodS" | "aggregation">;
}): BreachStarts {
  const { input, ray, window } = args;
  const series = input.load.series;
  if (!series || series.length === 0) return NO_BREACH;
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
  const { floor, lastRunning, seenUntil } = input.state;
  const rebased =
    lastRunning !== undefined && lastRunning !== null && lastRunning !== current ? seenUntil : null;
  const after = [floor, rebased].filter((x): x is number => x !== null && x !== undefined);
  const options = {
    now: input.now,
    lookBackS: window.lookBackPeriodS,
    fn: window.aggregation,
    ...(after.length > 0 ? { after: Math.max(...after) } : {}),
  };
  return {
    up: windowBreachStart(series, (v) => wantedAt(v) > target, options),
    down: windowBreachStart(series, (v) => wantedAt(v) < target, options),
  };
}
