import type { Datapoint, Series } from "./Datapoint";

/**
 * Multiplies every value by `factor`, keeping timestamps (e.g. a per-replica average times the replica
 * count gives the total). Throws RangeError when `factor` is negative or not finite.
 */
export function scaleSeries(series: Series, factor: number): Datapoint[] {
  // A negative or non-finite factor would manufacture impossible load; that is a caller bug.
  if (!Number.isFinite(factor) || factor < 0) {
    throw new RangeError(`scaleSeries: factor must be finite and >= 0, got ${factor}`);
  }
  return series.map((point) => ({ t: point.t, v: point.v * factor }));
}
