import type { ForecastFloorInput } from "../policy/decide";

/**
 * How long a target keeps its group's idle instances (instance_idle_s) this round: none while a forecast
 * floor acts for it (mode forecast_and_scale with a usable forecast), else `instanceIdleS`. The idle hold
 * is the reactive guess that a burst comes back within minutes; an acting floor already keeps the
 * capacity the history says this time of day needs (the 0.75 day, a lead time ahead), so instances beyond
 * it are idle GPUs. On market-hours (seeds 2 and 3, seed 1's learning days) the hold under the floor cost
 * 1.7-2.1 GPU-h over 3 days for no fewer violations: see the README's `predictive` section.
 */
export function idleHoldUnderForecast(args: {
  readonly instanceIdleS: number;
  readonly forecast: ForecastFloorInput | undefined;
}): number {
  return args.forecast?.acts === true ? 0 : args.instanceIdleS;
}
