import type { Forecast } from "./Forecast";
import { forecastPeakBetween } from "./forecastLoadAt";
import { replicasForLoad } from "./replicasForLoad";

/**
 * Replicas the forecast needs at `at` (epoch seconds; the engine passes now + lead_time_s):
 * replicasForLoad(peak load) (ceil(load / targetOngoingRequests)), the peak taken over the slots overlapping
 * [at - behindS, at + aheadS] (both default to one slot), so a burst starting just after `at` is covered.
 * Null when the forecast is null or does not cover the window: then there is no floor.
 * Throws RangeError for a target that is not a positive number.
 */
export function forecastReplicasAt(args: {
  readonly forecast: Forecast | null;
  readonly at: number;
  readonly targetOngoingRequests: number;
  readonly behindS?: number;
  readonly aheadS?: number;
}): number | null {
  const { forecast, at, targetOngoingRequests } = args;
  if (!(targetOngoingRequests > 0)) {
    throw new RangeError(`targetOngoingRequests must be positive, not ${targetOngoingRequests}`);
  }
  if (forecast === null) return null;
  const behindS = args.behindS ?? forecast.stepS;
  const aheadS = args.aheadS ?? forecast.stepS;
  const peak = forecastPeakBetween(forecast, at - behindS, at + aheadS);
  if (peak === null) return null;
  return replicasForLoad(peak, targetOngoingRequests);
}
