import type { RayParams } from "./ResolvedPolicy";

/** Ray's tolerance on the elapsed-time comparison. */
const DELAY_EPSILON_S = 1e-6;

export type Direction = "up" | "down" | "none";

export interface DelayOutcome {
  /** The replica count decided (before bounds): the wanted value if its delay elapsed, else the target. */
  readonly decision: number;
  readonly direction: Direction;
  readonly fired: boolean;
  readonly counter: number;
  readonly ts: number | null;
  /** The delay that applied to this direction (seconds). */
  readonly delayS: number;
  /** The value wanted after Ray's floors (max(0, s), and max(1, s) below a target above one). */
  readonly wanted: number;
  /** When the timer of this direction started (kept even when it fired), or null. */
  readonly startedAt: number | null;
}

/**
 * Ray's delay step, on elapsed time: a change must be wanted continuously for its delay,
 * measured from `ts` (when the direction was first wanted) to `now`. A direction change or
 * "no change wanted" resets the timer; firing resets it too. Downscales stop at 1 unless the
 * target is 1 (two-stage scale to zero, with downscale_to_zero_delay_s for the last step).
 * `timerStart` tells when a new timer starts: the breach start read from the metric timeline
 * when known (never after now), else now.
 */
export function applyDelay(
  scaled: number,
  targetReplicas: number,
  now: number,
  counter: number,
  ts: number | null,
  ray: RayParams,
  timerStart: (direction: "up" | "down") => number | null,
): DelayOutcome {
  let wanted = Math.max(0, scaled);
  if (wanted > targetReplicas) {
    if (counter < 0) {
      counter = 0;
      ts = null;
    }
    counter += 1;
    if (ts === null) ts = Math.min(now, timerStart("up") ?? now);
    const delayS = ray.upscaleDelayS;
    if (now - ts + DELAY_EPSILON_S >= delayS) {
      return {
        decision: wanted,
        direction: "up",
        fired: true,
        counter: 0,
        ts: null,
        delayS,
        wanted,
        startedAt: ts,
      };
    }
    return {
      decision: targetReplicas,
      direction: "up",
      fired: false,
      counter,
      ts,
      delayS,
      wanted,
      startedAt: ts,
    };
  }
  if (wanted < targetReplicas) {
    if (counter > 0) {
      counter = 0;
      ts = null;
    }
    counter -= 1;
    if (ts === null) ts = Math.min(now, timerStart("down") ?? now);
    let delayS: number;
    if (targetReplicas === 1) {
      delayS = ray.downscaleToZeroDelayS ?? ray.downscaleDelayS;
    } else {
      delayS = ray.downscaleDelayS;
      wanted = Math.max(1, wanted);
    }
    if (now - ts + DELAY_EPSILON_S >= delayS) {
      return {
        decision: wanted,
        direction: "down",
        fired: true,
        counter: 0,
        ts: null,
        delayS,
        wanted,
        startedAt: ts,
      };
    }
    return {
      decision: targetReplicas,
      direction: "down",
      fired: false,
      counter,
      ts,
      delayS,
      wanted,
      startedAt: ts,
    };
  }
  return {
    decision: targetReplicas,
    direction: "none",
    fired: false,
    counter: 0,
    ts: null,
    delayS: 0,
    wanted,
    startedAt: null,
  };
}
