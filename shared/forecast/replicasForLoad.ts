/**
 * Replicas a forecast load needs: load / targetOngoingRequests rounded to the nearest whole replica (a
 * half rounds up), never negative. Nearest, not up: the forecast is already a high quantile of past days
 * (dayQuantile 0.75), so rounding up sized every slot for more than that day, and a floor of one replica
 * more for a load a tenth over a multiple of the target bought a replica minutes before the reactive
 * policy (which sizes for the load as it comes, its delay after) needed it. Chosen on market-hours seeds 2
 * and 3 and seed 1's learning days: see the README's `predictive` section.
 */
export function replicasForLoad(load: number, targetOngoingRequests: number): number {
  return Math.max(0, Math.round(load / targetOngoingRequests));
}
