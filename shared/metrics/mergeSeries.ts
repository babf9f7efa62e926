import type { Datapoint, Series } from "./Datapoint";

/**
 * Sums cleaned series as step functions (each value holds until that series' next point; before its first
 * point a series contributes 0), evaluated at the union of their timestamps: one point per distinct
 * timestamp, sorted by time. Returns [] for no series.
 */
export function mergeSeries(seriesList: readonly Series[]): Datapoint[] {
  const times = [...new Set(seriesList.flatMap((series) => series.map((point) => point.t)))].sort(
    (a, b) => a - b,
  );
  // Per series, the index of its newest point at or before the current time (-1: none yet).
  const cursors = seriesList.map(() => -1);
  return times.map((t) => {
    let sum = 0;
    seriesList.forEach((series, s) => {
      let cursor = cursors[s]!;
      while (cursor + 1 < series.length && series[cursor + 1]!.t <= t) cursor++;
      cursors[s] = cursor;
      if (cursor >= 0) sum += series[cursor]!.v;
    });
    return { t, v: sum };
  });
}
