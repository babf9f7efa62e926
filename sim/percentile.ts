/**
 * The q-quantile (0..1) of `values` by linear interpolation between order statistics (values are
 * sorted here, in place; no NaN among them). NaN when there are none; Infinity counts as larger than
 * everything.
 */
export function percentile(values: number[] | Float64Array, q: number): number {
  const n = values.length;
  if (n === 0) return Number.NaN;
  sortAscending(values);
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

/** Below this many values, sorting by insertion in place beats the sort (which first copies them). */
const INSERTION_SORT_MAX = 32;

/**
 * Sorts `values` ascending in place, stably, as `values.sort((a, b) => a - b)` does: most 10 s periods have
 * a few requests, and the sort's copy of the values was garbage made on every period.
 */
function sortAscending(values: number[] | Float64Array): void {
  const n = values.length;
  if (n > INSERTION_SORT_MAX) {
    values.sort(ascending);
    return;
  }
  for (let i = 1; i < n; i++) {
    const v = values[i]!;
    let j = i - 1;
    // Strictly greater only: equal values keep their order (a stable sort's).
    for (; j >= 0 && values[j]! > v; j--) values[j + 1] = values[j]!;
    values[j + 1] = v;
  }
}
