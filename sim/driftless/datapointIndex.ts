import type { Datapoint } from "../../shared/metrics/Datapoint";

/**
 * The index of the first of `points` (sorted by time) at or after `t`, or strictly after it with
 * `strictly`; `points.length` when there is none. A binary search: the simulator's CloudWatch keeps
 * days of datapoints per metric and reads a few minutes of them on every round.
 */
export function datapointIndex(points: readonly Datapoint[], t: number, strictly = false): number {
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const pt = points[mid]!.t;
    if (pt < t || (strictly && pt === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
