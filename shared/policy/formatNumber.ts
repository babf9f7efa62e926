/** A number as reasons and traces print it: integers as they are, others with two decimals. */
export function formatNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(2);
}
