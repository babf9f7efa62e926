import type { Series } from "./Datapoint";

/** How `aggregateWindow` reduces the window to one number (Ray Serve's `aggregation_function`). */
export type AggregationFunction = "mean" | "max" | "min";

/** Options for `aggregateWindow`; times are epoch seconds. */
export interface AggregateWindowOptions {
  /** The evaluation time; the window ends here and later points are ignored (clock skew). */
  readonly now: number;
  /** The window length in seconds (Ray's `look_back_period_s`); finite or `Infinity`, never negative. */
  readonly lookBackS: number;
  readonly fn: AggregationFunction;
}

/** The result of `aggregateWindow`. */
export interface WindowAggregate {
  /** The aggregate over the window, or null when no point at or before `now` exists. */
  readonly value: number | null;
  /** How many points fall inside the window (`now - lookBackS < t <= now`). */
  readonly samples: number;
  /** Timestamp of the newest point at or before `now`, inside the window or not. */
  readonly newestAt: number | null;
  /** `now - newestAt`: how stale the newest usable point is. */
  readonly newestAgeS: number | null;
}

/**
 * Aggregates a cleaned series (run `cleanSeries` first) over the window `[now - lookBackS, now]`, reading
 * it as a right-continuous step function whose last value holds until `now`: `mean` is time-weighted over
 * the covered part of the window, `max`/`min` are over the points inside the window and the value carried
 * in at its start. Throws RangeError when `now` is not finite or `lookBackS` is NaN or negative.
 */
export function aggregateWindow(series: Series, options: AggregateWindowOptions): WindowAggregate {
  const { now, lookBackS } = options;
  checkWindow(now, lookBackS);
  const last = newestIndex(series, now);
  if (last < 0) return { value: null, samples: 0, newestAt: null, newestAgeS: null };
  const newestAt = series[last]!.t;
  const windowStart = now - lookBackS;
  const first = carryIndex(series, last, windowStart);
  const carriedIn = series[first]!.t <= windowStart;
  const samples = carriedIn ? last - first : last - first + 1;
  const value = reduceWindow(series, options, now, first, last);
  return { value, samples, newestAt, newestAgeS: now - newestAt };
}

/**
 * The value of `aggregateWindow` alone, for callers that evaluate it at many instants over one window
 * (the window passed as is, the instant apart, so no options object is made per instant).
 */
export function aggregateValue(
  series: Series,
  window: Pick<AggregateWindowOptions, "lookBackS" | "fn">,
  now: number,
): number | null {
  const { lookBackS } = window;
  checkWindow(now, lookBackS);
  const last = newestIndex(series, now);
  if (last < 0) return null;
  const windowStart = now - lookBackS;
  const first = carryIndex(series, last, windowStart);
  return reduceWindow(series, window, now, first, last);
}

/**
 * The points that windows of `window` ending anywhere in `[from, to]` read, as a series of their own:
 * aggregating it at any instant in there gives exactly what aggregating the whole series gives, reading
 * fewer points (for callers that evaluate many instants close together, as a bisection does).
 */
export function windowPoints(
  series: Series,
  window: Pick<AggregateWindowOptions, "lookBackS">,
  from: number,
  to: number,
): Series {
  const last = newestIndex(series, to);
  if (last < 0) return [];
  return series.slice(carryIndex(series, last, from - window.lookBackS), last + 1);
}

function checkWindow(now: number, lookBackS: number): void {
  if (!Number.isFinite(now)) throw new RangeError(`aggregateWindow: now must be finite, got ${now}`);
  if (Number.isNaN(lookBackS) || lookBackS < 0) {
    throw new RangeError(`aggregateWindow: lookBackS must be >= 0, got ${lookBackS}`);
  }
}

/** Index of the newest point at or before now (-1: none); anything after it is from a clock running ahead. */
function newestIndex(series: Series, now: number): number {
  let last = -1;
  while (last + 1 < series.length && series[last + 1]!.t <= now) last++;
  return last;
}

/** Index of the first point to read: the last at or before the window start carries its value in. */
function carryIndex(series: Series, last: number, windowStart: number): number {
  let first = 0;
  while (first + 1 <= last && series[first + 1]!.t <= windowStart) first++;
  return first;
}

/**
 * Reduces the points `first..last` (at least one) of the window ending at `now` to its aggregate. The
 * window is the caller's own object, so evaluating at many instants makes no object per instant.
 */
function reduceWindow(
  series: Series,
  window: Pick<AggregateWindowOptions, "lookBackS" | "fn">,
  now: number,
  first: number,
  last: number,
): number {
  const { lookBackS, fn } = window;
  const windowStart = now - lookBackS;
  let max = Number.NEGATIVE_INFINITY;
  let min = Number.POSITIVE_INFINITY;
  for (let i = first; i <= last; i++) {
    const v = series[i]!.v;
    if (v > max) max = v;
    if (v < min) min = v;
  }
  if (fn === "max") return max;
  if (fn === "min") return min;
  const coveredFrom = Math.max(series[first]!.t, windowStart);
  const span = now - coveredFrom;
  // A single point exactly at now covers no time; its value is the best estimate there is.
  if (span <= 0) return series[last]!.v;
  let mean = 0;
  for (let i = first; i <= last; i++) {
    const from = Math.max(series[i]!.t, coveredFrom);
    const to = i < last ? series[i + 1]!.t : now;
    // Weighting each value by its share of the span (not summing v * dt) cannot overflow.
    mean += series[i]!.v * ((to - from) / span);
  }
  // Rounding can push a weighted mean a hair outside the values it averages; clamp it back.
  return Math.min(max, Math.max(min, mean));
}
