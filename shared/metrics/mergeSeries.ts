import type { Datapoint, Series } from "./Datapoint";

/**
 * Sums cleaned series as step functions (each value holds until that series' next point; before its first
 * point a series contributes 0), evaluated at the union of their timestamps: one point per distinct
 * timestamp, sorted by time. Returns [] for no series.
 */
export function mergeSeries(seriesList: readonly Series[]): Datapoint[] {
  // Per series, the index of its newest point at or before the current time (-1: none yet). Cleaned
  // series are sorted with one point per time, so the union of times is a k-way merge: no set, no sort.
  const cursors = seriesList.map(() => -1);
  const merged: Datapoint[] = [];
  for (;;) {
    const t = earliestAhead(seriesList, cursors);
    if (t === null) return merged;
    let sum = 0;
    for (let s = 0; s < seriesList.length; s++) {
      const series = seriesList[s]!;
      let cursor = cursors[s]!;
      while (cursor + 1 < series.length && series[cursor + 1]!.t <= t) cursor++;
      cursors[s] = cursor;
      if (cursor >= 0) sum += series[cursor]!.v;
    }
    merged.push({ t, v: sum });
  }
}

/** The earliest time of any series' next point past its cursor, or null when every series is used up. */
function earliestAhead(seriesList: readonly Series[], cursors: readonly number[]): number | null {
  let earliest: number | null = null;
  for (let s = 0; s < seriesList.length; s++) {
    const point = seriesList[s]![cursors[s]! + 1];
    if (point !== undefined && (earliest === null || point.t < earliest)) earliest = point.t;
  }
  return earliest;
}
