import type { Series } from "./Datapoint";

/** Options for `breachStart`; times are epoch seconds. */
export interface BreachStartOptions {
  /** Only points strictly after this time count (e.g. the last decision), when given. */
  readonly after?: number;
  /** Points after this time are ignored (clock skew), when given. */
  readonly now?: number;
}

/**
 * Returns the timestamp of the first point of the trailing run of points satisfying `predicate` in a cleaned
 * series, considering only points with `after < t <= now`; null when there is no such point or the newest
 * one does not satisfy `predicate`.
 */
export function breachStart(
  series: Series,
  predicate: (v: number) => boolean,
  options: BreachStartOptions = {},
): number | null {
  const { after, now } = options;
  // Reading the start off the timeline makes a delay measured from it independent of evaluation times.
  let start: number | null = null;
  for (let i = series.length - 1; i >= 0; i--) {
    const point = series[i]!;
    if (now !== undefined && point.t > now) continue;
    if (after !== undefined && point.t <= after) break;
    if (!predicate(point.v)) break;
    start = point.t;
  }
  return start;
}
