/**
 * The index of the first of `times[0..length)` (sorted ascending) at or after `t`, or strictly after it with
 * `strictly`; `length` when there is none. A binary search over a column of numbers: the simulator's
 * CloudWatch keeps days of datapoints per metric and reads a few minutes of them on every round, and
 * searching the datapoint objects themselves (allocated seconds apart over a long run, all over the heap)
 * cost a cache miss a step.
 */
export function timeIndex(times: ArrayLike<number>, length: number, t: number, strictly = false): number {
  let lo = 0;
  let hi = length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    const at = times[mid]!;
    if (at < t || (strictly && at === t)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
