/**
 * The q-quantile (0..1) of `values` by linear interpolation between order statistics (values are
 * sorted here, in place). NaN when there are none; Infinity counts as larger than everything.
 */
export function percentile(values: number[] | Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  // Most 10 s periods have a request or two: ordering two values is what the sort would do, without it.
  if (n === 2) {
    const x = values[0]!;
    const y = values[1]!;
    if (y - x < 0) {
      values[0] = y;
      values[1] = x;
    }
  } else if (n > 2) values.sort(ascending);
  const pos = (n - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = values[lo]!;
  const b = values[hi]!;
  if (lo === hi || a === b) return a;
  if (!Number.isFinite(b)) return b;
  return a + (b - a) * (pos - lo);
}

/**
 * The order `(a, b) => a - b` gives, as -1, 0 or 1: a difference of two fractional values is a number the
 * sort has to box, one allocation per comparison. Equal, NaN or both infinite alike compare as 0, as there.
 */
function ascending(a: number, b: number): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
