import type { RayParams } from "./ResolvedPolicy";

/** Ray's tolerance on the elapsed-time comparison. */
const DELAY_EPSILON_S = 1e-6;

export type Direction = "up" | "down" | "none";

/** Where a breach wanting each direction began on the metric timeline (epoch seconds), or null. */
export interface BreachStarts {
  readonly up: number | null;
  readonly down: number | null;
}

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
  /** How long the change has been wanted, as compared with the delay (0 when none is wanted). */
  readonly elapsedS: number;
  /** For a delay still running: when it is expected to fire if the load keeps wanting it; else null. */
  readonly firesAt: number | null;
}

/** What Ray's delay step reads: the scaled count, the target, the clock and the stored timer. */
export interface DelayArgs {
  /** The count wanted after scaling factors. */
  readonly scaled: number;
  readonly targetReplicas: number;
  readonly now: number;
  /** Ray's direction counter from the stored state (> 0 up, < 0 down). */
  readonly counter: number;
  /** When the stored direction was first wanted, or null. */
  readonly ts: number | null;
  readonly ray: RayParams;
  /** Where a new timer starts, per direction: the breach start on the metric timeline, when known. */
  readonly breachStarts: BreachStarts;
  /**
   * How far the load has been observed: the end of the newest datapoint's period. A scale-down's delay
   * must be covered by datapoints, not by the publishing lag after them. Absent or null: up to `now`.
   */
  readonly observedUntil?: number | null;
}

/**
 * Ray's delay step, on elapsed time: a change must be wanted continuously for its delay,
 * measured from `ts` (when the direction was first wanted) to `now`. A direction change or
 * "no change wanted" resets the timer; firing resets it too. Downscales stop at 1 unless the
 * target is 1 (two-stage scale to zero, with downscale_to_zero_delay_s for the last step).
 * A new timer starts at the precomputed breach start of its direction (never after now), else now.
 * A scale-up's delay runs to `now`, so it lands at its deadline even though the newest datapoints
 * are still being published; a scale-down's runs only to `observedUntil`: driftless never scales down
 * on data it has not seen, so the load must have wanted it for the whole delay in datapoints read.
 */
export function applyDelay(args: DelayArgs): DelayOutcome {
  const { scaled, targetReplicas: target, now, ray } = args;
  const floored = Math.max(0, scaled);
  const direction: Direction = floored > target ? "up" : floored < target ? "down" : "none";
  if (direction === "none") {
    return {
      decision: target,
      direction,
      fired: false,
      counter: 0,
      ts: null,
      delayS: 0,
      wanted: floored,
      startedAt: null,
      elapsedS: 0,
      firesAt: null,
    };
  }
  const sign = direction === "up" ? 1 : -1;
  // A timer running for the other direction is reset.
  const reset = args.counter * sign < 0;
  const counter = (reset ? 0 : args.counter) + sign;
  const startedAt = (reset ? null : args.ts) ?? Math.min(now, args.breachStarts[direction] ?? now);
  const { delayS, wanted } = delayFor(direction, floored, target, ray);
  const observed = args.observedUntil ?? now;
  const until = direction === "down" ? Math.min(now, observed) : now;
  const elapsedS = until - startedAt;
  const fired = elapsedS + DELAY_EPSILON_S >= delayS;
  // Every field listed in both outcomes (no spread of a shared base): this runs every decision.
  if (fired) {
    return {
      decision: wanted,
      direction,
      fired,
      counter: 0,
      ts: null,
      delayS,
      wanted,
      startedAt,
      elapsedS,
      firesAt: null,
    };
  }
  // A scale-down waiting for datapoints fires once they cover the delay: as late again as they lag now.
  const firesAt = startedAt + delayS + (now - until);
  return {
    decision: target,
    direction,
    fired,
    counter,
    ts: startedAt,
    delayS,
    wanted,
    startedAt,
    elapsedS,
    firesAt,
  };
}

/** The delay of a direction, and the count it may go to (Ray's two-stage scale to zero). */
function delayFor(
  direction: "up" | "down",
  floored: number,
  target: number,
  ray: RayParams,
): { delayS: number; wanted: number } {
  if (direction === "up") return { delayS: ray.upscaleDelayS, wanted: floored };
  if (target === 1) return { delayS: ray.downscaleToZeroDelayS ?? ray.downscaleDelayS, wanted: floored };
  return { delayS: ray.downscaleDelayS, wanted: Math.max(1, floored) };
}
