import { type AggregationFunction, aggregateValue, windowPoints } from "./aggregateWindow";
import type { Series } from "./Datapoint";

/** Options for `windowBreachStart`; times are epoch seconds. */
export interface WindowBreachStartOptions<C = undefined> {
  /** The evaluation time: the run must hold here, and later points are ignored (clock skew). */
  readonly now: number;
  /** The look-back window the aggregate is taken over (Ray's `look_back_period_s`). */
  readonly lookBackS: number;
  readonly fn: AggregationFunction;
  /** Only instants strictly after this time count (e.g. the last decision), when given. */
  readonly after?: number | undefined;
  /** Handed to the predicate with each aggregate, so the predicate can be made once, not per call. */
  readonly context?: C;
}

/** Judges one aggregate: does the load, aggregated so, want the change? */
export type AggregatePredicate<C> = (aggregate: number, context: C) => boolean;

/** Bisection steps for a crossing of the time-weighted mean: a 10 s period to well under a microsecond. */
const BISECTION_STEPS = 48;

/**
 * Returns the instant at which the trailing run began during which the look-back aggregate of a
 * cleaned series (the value `aggregateWindow` gives at each instant, the series read as a step
 * function) satisfied `predicate`, up to `now`; null when the aggregate at `now` does not. This is
 * when a controller evaluating that aggregate continuously (Ray Serve's loop) would have first wanted
 * the change, so a delay measured from it follows Ray's timer rather than single datapoints. The
 * aggregate changes only where a point enters the window (`t`) or leaves it (`t + lookBackS`): `max`
 * and `min` are constant between those instants, the mean is linear there, so the run's start is found
 * exactly (an instant) or by bisection (a mean crossing inside a piece). Instants at or before `after`
 * and before the first point never count: the run is clamped to the earliest one that does.
 */
export function windowBreachStart<C>(
  series: Series,
  predicate: AggregatePredicate<C>,
  options: WindowBreachStartOptions<C>,
): number | null {
  const { now, lookBackS, after } = options;
  if (!holdsAt(series, predicate, options, now)) return null;
  const first = series[0]!.t;
  // The instants where the aggregate may change, walked from now back: two cursors, one over the
  // points entering the window and one over those leaving it, both newest first.
  let entering = lastIndexBefore(series, now, 0);
  let leaving = Number.isFinite(lookBackS) ? lastIndexBefore(series, now, lookBackS) : -1;
  let start = now;
  for (;;) {
    const enterAt = entering >= 0 ? series[entering]!.t : Number.NEGATIVE_INFINITY;
    const leaveAt = leaving >= 0 ? series[leaving]!.t + lookBackS : Number.NEGATIVE_INFINITY;
    const at = Math.max(enterAt, leaveAt);
    if (at < first || (after !== undefined && at <= after)) return start;
    if (enterAt === at) entering--;
    if (leaveAt === at) leaving--;
    if (holdsAt(series, predicate, options, at)) {
      start = at;
      continue;
    }
    // The aggregate stopped wanting at `at` and wants again by `start`: the run began in between.
    return options.fn === "mean" ? bisect(series, predicate, options, at, start) : start;
  }
}

/** Whether the aggregate at `at` exists and satisfies the predicate. */
function holdsAt<C>(
  series: Series,
  predicate: AggregatePredicate<C>,
  options: WindowBreachStartOptions<C>,
  at: number,
): boolean {
  const value = aggregateValue(series, options, at);
  return value !== null && predicate(value, options.context as C);
}

/** The index of the last point whose time plus `shiftS` is before `before`, or -1 (the series is sorted). */
function lastIndexBefore(series: Series, before: number, shiftS: number): number {
  let k = series.length - 1;
  while (k >= 0 && series[k]!.t + shiftS >= before) k--;
  return k;
}

/**
 * The first instant in (from, to] where the predicate holds, given it does not at `from` and does at
 * `to`.
 */
function bisect<C>(
  series: Series,
  predicate: AggregatePredicate<C>,
  options: WindowBreachStartOptions<C>,
  from: number,
  to: number,
): number {
  // Every probe lies in [from, to]: it reads only the points windows ending there read.
  const points = windowPoints(series, options, from, to);
  let lo = from;
  let hi = to;
  for (let k = 0; k < BISECTION_STEPS && hi - lo > 0; k++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (holdsAt(points, predicate, options, mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
