import type { Timeline } from "./World";

/** The value of a step-function timeline at time `t` (its first value before it starts). */
export function timelineAt(timeline: Timeline, t: number): number {
  const { t: times, v } = timeline;
  let lo = 0;
  let hi = times.length - 1;
  if (hi < 0) return 0;
  if (t < times[0]!) return v[0]!;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (times[mid]! <= t) lo = mid;
    else hi = mid - 1;
  }
  return v[lo]!;
}
