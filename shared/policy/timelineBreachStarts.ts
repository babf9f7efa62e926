import { breachStart } from "../metrics/breachStart";
import type { BreachStarts } from "./applyDelay";
import { applyScalingFactors } from "./applyScalingFactors";
import type { DecisionInput } from "./decide";
import type { RayParams } from "./ResolvedPolicy";
import { rawDesiredReplicas } from "./rawDesiredReplicas";

const NO_BREACH: BreachStarts = Object.freeze({ up: null, down: null });

/**
 * Where the breaches wanting a scale-up and a scale-down began on the metric timeline, after the
 * last fire or hold, read once before the pipeline runs: each datapoint is judged by Ray's raw
 * desired count and factors against the target. Old datapoints were judged against the running
 * count of their time, so when that count changed a breach can only start in datapoints the last
 * evaluation had not seen yet.
 */
export function timelineBreachStarts(args: {
  readonly input: DecisionInput;
  readonly ray: RayParams;
}): BreachStarts {
  const { input, ray } = args;
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
  const options = after.length > 0 ? { now: input.now, after: Math.max(...after) } : { now: input.now };
  return {
    up: breachStart(series, (v) => wantedAt(v) > target, options),
    down: breachStart(series, (v) => wantedAt(v) < target, options),
  };
}
