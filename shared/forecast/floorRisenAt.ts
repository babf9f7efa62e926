import type { Forecast } from "./Forecast";
import { replicasForLoad } from "./replicasForLoad";

/**
 * Since when the floor of `replicas` has held, at the latest: the floor read at t covers the slots
 * overlapping [t + leadTimeS - behindS, t + leadTimeS + aheadS] (see forecastReplicasAt), so the earliest
 * slot now in that window that needs `replicas` entered it at its start minus leadTimeS + aheadS, and has
 * been in it ever since.
 * Clamped to [madeAt, now] (the floor did not exist before its forecast). The decision's intended time
 * of a floor raise, for lateness.
 */
export function floorRisenAt(args: {
  readonly forecast: Forecast;
  readonly now: number;
  readonly leadTimeS: number;
  readonly targetOngoingRequests: number;
  readonly replicas: number;
  readonly behindS: number;
  readonly aheadS: number;
}): number {
  const { forecast, now, leadTimeS, targetOngoingRequests, replicas, behindS, aheadS } = args;
  const { startS, stepS, values, madeAt } = forecast;
  const at = now + leadTimeS;
  const first = Math.max(0, Math.floor((at - behindS - startS) / stepS));
  const last = Math.min(values.length - 1, Math.floor((at + aheadS - startS) / stepS));
  for (let i = first; i <= last; i++) {
    if (replicasForLoad(values[i] ?? 0, targetOngoingRequests) >= replicas) {
      const entered = startS + i * stepS - leadTimeS - aheadS;
      return Math.min(now, Math.max(madeAt, entered));
    }
  }
  return now;
}
