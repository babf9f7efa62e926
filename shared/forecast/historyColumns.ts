import type { Series } from "../metrics/Datapoint";

/** A load history's times and values as two parallel arrays of numbers, in the series' order. */
export interface HistoryColumns {
  readonly t: Float64Array;
  readonly v: Float64Array;
}

/** Columns a producer vouched for, by the series they hold (see withHistoryColumns). */
const vouched = new WeakMap<Series, HistoryColumns>();

/**
 * Records that `columns` hold exactly `series`' times and values, in its order, and returns `series`.
 * A producer that keeps its history as columns anyway (the simulator's CloudWatch) so spares the forecaster
 * a pass over thousands of datapoint objects spread over the heap, the costliest part of an hourly forecast
 * of a long simulated run. The series must not change afterwards (a Series is read-only).
 */
export function withHistoryColumns<S extends Series>(series: S, columns: HistoryColumns): S {
  if (columns.t.length !== series.length || columns.v.length !== series.length)
    throw new RangeError(
      `columns of ${columns.t.length} and ${columns.v.length} for ${series.length} datapoints`,
    );
  vouched.set(series, columns);
  return series;
}

/**
 * `series`' times and values as columns: the ones vouched for with withHistoryColumns, else copied from
 * the datapoints (a value that is not a number becomes NaN). Pure: either way the same numbers in the same
 * order.
 */
export function historyColumns(series: Series): HistoryColumns {
  const known = vouched.get(series);
  if (known !== undefined) return known;
  const t = new Float64Array(series.length);
  const v = new Float64Array(series.length);
  for (let i = 0; i < series.length; i++) {
    const point = series[i]!;
    // Anything but a number is no datapoint (NaN, dropped as a non-finite one would be), whatever it coerces to.
    t[i] = typeof point.t === "number" ? point.t : Number.NaN;
    v[i] = typeof point.v === "number" ? point.v : Number.NaN;
  }
  return { t, v };
}
