/**
 * The `q` quantile of `values` (0 <= q <= 1), linearly interpolated between order statistics (numpy's
 * default; q 0.5 is the median, the mean of the middle two for an even count); NaN for none. Does not
 * modify `values`. Throws RangeError for q outside [0, 1].
 */
export function quantile(values: readonly number[], q: number): number {
  return quantileInPlace([...values], q);
}

/** The same as quantile, sorting `values` in place instead of a copy (for an array the caller built for it). */
export function quantileInPlace(values: number[], q: number): number {
  if (!(q >= 0 && q <= 1)) throw new RangeError(`quantile must be within [0, 1], not ${q}`);
  if (values.length === 0) return Number.NaN;
  const sorted = values.sort(ascending);
  const position = q * (sorted.length - 1);
  const below = Math.floor(position);
  const above = Math.min(sorted.length - 1, below + 1);
  return sorted[below]! + (sorted[above]! - sorted[below]!) * (position - below);
}

/**
 * Numeric order as `a - b` gives it, but as -1, 0 or 1: a difference of two fractional loads is a heap
 * number allocated per comparison, and the forecast sorts every slot of every day each hour.
 */
function ascending(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
