import type { Datapoint } from "../../shared/metrics/Datapoint";
import { timeIndex } from "./timeIndex";

/**
 * One metric's readable datapoints in time order, and their times as a column (the first points.length),
 * so a read is two binary searches and one slice.
 */
export class StoredSeries {
  private readonly points: Datapoint[] = [];
  private times = new Float64Array(1024);

  constructor(private readonly key: string) {}

  /** Makes a datapoint readable now. Datapoints must come in time order. */
  append(point: Datapoint): void {
    const { points } = this;
    const last = points[points.length - 1];
    if (last !== undefined && point.t < last.t)
      throw new RangeError(`datapoints of ${this.key} out of order (${point.t} < ${last.t})`);
    if (points.length === this.times.length) {
      const times = new Float64Array(2 * points.length);
      times.set(this.times);
      this.times = times;
    }
    this.times[points.length] = point.t;
    points.push(point);
  }

  /** The datapoints over [startS, endS], a copy. */
  between(startS: number, endS: number): Datapoint[] {
    const { points, times } = this;
    return points.slice(timeIndex(times, points.length, startS), timeIndex(times, points.length, endS, true));
  }
}
