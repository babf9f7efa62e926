/**
 * When the simulated CloudWatch published each target's load datapoints: for each, the end of its period
 * and the moment it became readable (the period's end plus the publishing lag). What lateness needs to
 * tell a decision's own delay from the wait for the data it had to see.
 */
export class DatapointPublications {
  private readonly byTarget = new Map<string, { readonly ends: number[]; readonly at: number[] }>();

  /** A datapoint of `targetId` whose period ends at `periodEnd` became readable at `publishedAt` (in time order). */
  record(targetId: string, periodEnd: number, publishedAt: number): void {
    let list = this.byTarget.get(targetId);
    if (list === undefined) {
      list = { ends: [], at: [] };
      this.byTarget.set(targetId, list);
    }
    list.ends.push(periodEnd);
    list.at.push(publishedAt);
  }

  /**
   * When the target's datapoints first covered `instant`: the publication of the first datapoint whose
   * period ends at or after it. Null when none has (yet).
   */
  coveredAt(targetId: string, instant: number): number | null {
    const list = this.byTarget.get(targetId);
    if (list === undefined) return null;
    const { ends, at } = list;
    let lo = 0;
    let hi = ends.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ends[mid]! < instant) lo = mid + 1;
      else hi = mid;
    }
    return lo < ends.length ? at[lo]! : null;
  }

  /** The first publication of a datapoint of `targetId` after `instant`. Null when none came after it. */
  publishedAfter(targetId: string, instant: number): number | null {
    const list = this.byTarget.get(targetId);
    if (list === undefined) return null;
    const { at } = list;
    let lo = 0;
    let hi = at.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (at[mid]! <= instant) lo = mid + 1;
      else hi = mid;
    }
    return lo < at.length ? at[lo]! : null;
  }
}
