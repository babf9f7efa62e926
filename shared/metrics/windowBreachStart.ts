import { type AggregationFunction, aggregateWindow } from "./aggregateWindow";
import type { Series } from "./Datapoint";

/** Options for `windowBreachStart`; times are epoch seconds. */
export interface WindowBreachStartOptions {
  /** The evaluation time: the run must hold here, and later points are ignored (clock skew). */
  readonly now: number;
  /** The look-back window the aggregate is taken over (Ray's `look_back_period_s`). */
  readonly lookBackS: number;
  readonly fn: AggregationFunction;
  /** Only instants strictly after this time count (e.g. the last decision), when given. */
  readonly after?: number;
}

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
export function windowBreachStart(
  series: Series,
  predicate: (aggregate: number) => boolean,
  options: WindowBreachStartOptions,
): number | null {
  const { now, lookBackS, fn, after } = options;
  const wanted = (at: number): boolean => {
    const value = aggregateWindow(series, { now: at, lookBackS, fn }).value;
    return value !== null && predicate(value);
  };
  if (!wanted(now)) return null;
  const instants = changeInstants(series, { now, lookBackS, after });
  let start = now;
  for (let k = instants.length - 1; k >= 0; k--) {
    const at = instants[k]!;
    if (wanted(at)) {
      start = at;
      continue;
    }
    // The aggregate stopped wanting at `at` and wants again by `start`: the run began in between.
    return fn === "mean" ? bisect(at, start, wanted) : start;
  }
  return start;
}

/** The instants in (after, now) at which the aggregate may change, ascending and distinct. */
function changeInstants(
  series: Series,
  options: { readonly now: number; readonly lookBackS: number; readonly after?: number },
): number[] {
  const { now, lookBackS, after } = options;
  const first = series[0]?.t;
  if (first === undefined) return [];
  const keep = (at: number) => at < now && at >= first && (after === undefined || at > after);
  const out: number[] = [];
  for (const p of series) {
    if (p.t > now) break;
    if (keep(p.t)) out.push(p.t);
    if (Number.isFinite(lookBackS) && keep(p.t + lookBackS)) out.push(p.t + lookBackS);
  }
  out.sort((a, b) => a - b);
  return out.filter((at, k) => k === 0 || at !== out[k - 1]);
}

/** The first instant in (from, to] where `wanted` holds, given it does not at `from` and does at `to`. */
function bisect(from: number, to: number, wanted: (at: number) => boolean): number {
  let lo = from;
  let hi = to;
  for (let k = 0; k < BISECTION_STEPS && hi - lo > 0; k++) {
    const mid = lo + (hi - lo) / 2;
    if (mid <= lo || mid >= hi) break;
    if (wanted(mid)) hi = mid;
    else lo = mid;
  }
  return hi;
}
