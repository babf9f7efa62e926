import type { Datapoint } from "../../shared/metrics/Datapoint";
import { timeIndex } from "./timeIndex";

/**
 * One metric's readable datapoints in time order, kept as two columns of numbers (times and values, the
 * first `length` of each), so a read is two binary searches and a copy of the range. Columns, not
 * datapoint objects: a 15-day run keeps some 650,000 datapoints, and as objects they were most of what the
 * garbage collector had to mark and copy; a round reads about 25 of them, built fresh as it reads them.
 */
export class StoredSeries {
  private times = new Float64Array(1024);
  private values = new Float64Array(1024);
  private length = 0;

  constructor(private readonly key: string) {}

  /** Makes the datapoint (`t`, `v`) readable now. Datapoints must come in time order. */
  append(t: number, v: number): void {
    const n = this.length;
    if (n > 0 && t < this.times[n - 1]!)
      throw new RangeError(`datapoints of ${this.key} out of order (${t} < ${this.times[n - 1]})`);
    if (n === this.times.length) this.grow();
    this.times[n] = t;
    this.values[n] = v;
    this.length = n + 1;
  }

  /** The datapoints over [startS, endS], new objects. */
  between(startS: number, endS: number): Datapoint[] {
    const { times, values, length } = this;
    const from = timeIndex(times, length, startS);
    const to = timeIndex(times, length, endS, true);
    const out: Datapoint[] = [];
    for (let i = from; i < to; i++) out.push({ t: times[i]!, v: values[i]! });
    return out;
  }

  private grow(): void {
    const times = new Float64Array(2 * this.times.length);
    const values = new Float64Array(2 * this.values.length);
    times.set(this.times);
    values.set(this.values);
    this.times = times;
    this.values = values;
  }
}
