import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type AggregationFunction,
  aggregateValue,
  aggregateWindow,
  windowPoints,
} from "../../../shared/metrics/aggregateWindow";
import type { Datapoint } from "../../../shared/metrics/Datapoint";

const p = (t: number, v: number): Datapoint => ({ t, v });
const ramp = [p(0, 0), p(10, 10), p(20, 20)];

describe("aggregateWindow", () => {
  it.each<{
    name: string;
    series: Datapoint[];
    now: number;
    lookBackS: number;
    fn: AggregationFunction;
    value: number | null;
  }>([
    {
      name: "mean weights each value by how long it held",
      series: ramp,
      now: 30,
      lookBackS: 30,
      fn: "mean",
      value: 10,
    },
    {
      name: "max is the largest value in the window",
      series: ramp,
      now: 30,
      lookBackS: 30,
      fn: "max",
      value: 20,
    },
    {
      name: "min is the smallest value in the window",
      series: ramp,
      now: 30,
      lookBackS: 30,
      fn: "min",
      value: 0,
    },
    {
      // (0*10 + 10*10 + 20*5) / 25
      name: "mean carries the last value forward until now",
      series: ramp,
      now: 25,
      lookBackS: 25,
      fn: "mean",
      value: 8,
    },
    {
      // window [15, 30]: 10 held 15..20, 20 held 20..30 -> (10*5 + 20*10) / 15
      name: "mean carries in the value in force at the window start",
      series: ramp,
      now: 30,
      lookBackS: 15,
      fn: "mean",
      value: 50 / 3,
    },
    {
      // window [-10, 30] but data only from 0: (0*10 + 10*10 + 20*10) / 30
      name: "mean covers only the part of the window the series spans",
      series: ramp,
      now: 30,
      lookBackS: 40,
      fn: "mean",
      value: 10,
    },
    {
      // window [5, 25]: 4 is carried in from t=0 and outweighs the 1 inside the window
      name: "max includes the value carried in at the window start",
      series: [p(0, 4), p(20, 1)],
      now: 25,
      lookBackS: 20,
      fn: "max",
      value: 4,
    },
    {
      name: "min includes the value carried in at the window start",
      series: [p(0, 1), p(20, 4)],
      now: 25,
      lookBackS: 20,
      fn: "min",
      value: 1,
    },
    {
      name: "min ignores values that ended before the window start",
      series: [p(0, 1), p(5, 3), p(20, 4)],
      now: 25,
      lookBackS: 20,
      fn: "min",
      value: 3,
    },
    {
      name: "a point exactly at the window start counts as carried in, not as an older value",
      series: [p(0, 9), p(10, 2), p(20, 4)],
      now: 30,
      lookBackS: 20,
      fn: "mean",
      value: 3,
    },
    {
      name: "a single old point holds its value over the whole window",
      series: [p(0, 7)],
      now: 100,
      lookBackS: 30,
      fn: "mean",
      value: 7,
    },
    {
      name: "a single point exactly at now gives its own value as the mean",
      series: [p(30, 6)],
      now: 30,
      lookBackS: 30,
      fn: "mean",
      value: 6,
    },
    {
      // 2 held 10..20, the point at now covers no time
      name: "a point exactly at now adds no weight to the mean",
      series: [p(10, 2), p(20, 100)],
      now: 20,
      lookBackS: 10,
      fn: "mean",
      value: 2,
    },
    {
      name: "a point exactly at now still counts for max",
      series: [p(10, 2), p(20, 100)],
      now: 20,
      lookBackS: 10,
      fn: "max",
      value: 100,
    },
    {
      name: "points after now are ignored",
      series: [p(0, 2), p(10, 4), p(31, 1000)],
      now: 20,
      lookBackS: 20,
      fn: "max",
      value: 4,
    },
    {
      name: "zero look-back gives the value in force at now",
      series: [p(0, 2), p(10, 4)],
      now: 20,
      lookBackS: 0,
      fn: "mean",
      value: 4,
    },
    {
      name: "infinite look-back averages the whole series",
      series: ramp,
      now: 30,
      lookBackS: Number.POSITIVE_INFINITY,
      fn: "mean",
      value: 10,
    },
    { name: "an empty series has no value", series: [], now: 30, lookBackS: 30, fn: "mean", value: null },
    {
      name: "a series entirely after now has no value",
      series: [p(40, 1)],
      now: 30,
      lookBackS: 30,
      fn: "max",
      value: null,
    },
  ])("$name", ({ series, now, lookBackS, fn, value }) => {
    const result = aggregateWindow(series, { now, lookBackS, fn });
    if (value === null) expect(result.value).toBeNull();
    else expect(result.value).toBeCloseTo(value, 12);
  });

  it.each([
    { name: "counts only points inside the half-open window", now: 25, lookBackS: 20, samples: 2 },
    { name: "counts a point at now but not one after it", now: 20, lookBackS: 10, samples: 1 },
    {
      name: "counts nothing when the window holds only a carried-in value",
      now: 100,
      lookBackS: 10,
      samples: 0,
    },
  ])("samples $name", ({ now, lookBackS, samples }) => {
    expect(aggregateWindow(ramp, { now, lookBackS, fn: "mean" }).samples).toBe(samples);
  });

  it.each([
    { name: "the newest point at or before now", now: 25, newestAt: 20, newestAgeS: 5 },
    {
      name: "a point older than the window when nothing newer exists",
      now: 100,
      newestAt: 20,
      newestAgeS: 80,
    },
    { name: "not a point after now", now: 15, newestAt: 10, newestAgeS: 5 },
    { name: "nothing when every point is after now", now: -1, newestAt: null, newestAgeS: null },
  ])("newestAt reports $name", ({ now, newestAt, newestAgeS }) => {
    const result = aggregateWindow(ramp, { now, lookBackS: 10, fn: "mean" });
    expect(result).toMatchObject({ newestAt, newestAgeS });
  });

  it("reports an empty series as having no value, samples or newest point", () => {
    expect(aggregateWindow([], { now: 30, lookBackS: 30, fn: "mean" })).toEqual({
      value: null,
      samples: 0,
      newestAt: null,
      newestAgeS: null,
    });
  });

  it.each([
    { name: "a NaN now", now: Number.NaN, lookBackS: 10 },
    { name: "an infinite now", now: Number.POSITIVE_INFINITY, lookBackS: 10 },
    { name: "a negative look-back", now: 10, lookBackS: -1 },
    { name: "a NaN look-back", now: 10, lookBackS: Number.NaN },
  ])("rejects $name with a RangeError", ({ now, lookBackS }) => {
    expect(() => aggregateWindow(ramp, { now, lookBackS, fn: "mean" })).toThrow(RangeError);
  });

  // Sorted, unique integer timestamps with small non-negative values, as cleanSeries would produce.
  const cleanSeriesArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 })
    .chain((times) =>
      fc
        .array(fc.double({ min: 0, max: 1e6, noNaN: true }), {
          minLength: times.length,
          maxLength: times.length,
        })
        .map((values) => times.sort((a, b) => a - b).map((t, i) => p(t, values[i]!))),
    );
  const windowArb = fc.record({
    now: fc.integer({ min: 0, max: 1200 }),
    lookBackS: fc.integer({ min: 0, max: 1200 }),
  });

  it("puts the mean between the min and max of the values in force", () => {
    fc.assert(
      fc.property(cleanSeriesArb, windowArb, (series, { now, lookBackS }) => {
        const mean = aggregateWindow(series, { now, lookBackS, fn: "mean" }).value;
        const max = aggregateWindow(series, { now, lookBackS, fn: "max" }).value;
        const min = aggregateWindow(series, { now, lookBackS, fn: "min" }).value;
        if (mean === null || max === null || min === null) {
          expect([mean, max, min]).toEqual([null, null, null]);
          expect(series[0]!.t).toBeGreaterThan(now);
          return;
        }
        expect(mean).toBeGreaterThanOrEqual(min);
        expect(mean).toBeLessThanOrEqual(max);
      }),
    );
  });

  it("gives the constant for every function over a constant series", () => {
    const fnArb = fc.constantFrom<AggregationFunction>("mean", "max", "min");
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1e6, noNaN: true }),
        fnArb,
        fc.integer({ min: 0, max: 1000 }),
        (times, c, fn, lookBackS) => {
          const series = times.sort((a, b) => a - b).map((t) => p(t, c));
          const now = times.at(-1)! + 5;
          expect(aggregateWindow(series, { now, lookBackS, fn }).value).toBe(c);
        },
      ),
    );
  });

  it("gives, from the points windowPoints keeps, exactly the aggregate of the whole series at any instant in its range", () => {
    fc.assert(
      fc.property(
        cleanSeriesArb,
        fc.integer({ min: 0, max: 1200 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 1200 }),
        fc.constantFrom<AggregationFunction>("mean", "max", "min"),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 8 }),
        (series, from, lengthS, lookBackS, fn, shares) => {
          const to = from + lengthS;
          const points = windowPoints(series, { lookBackS }, from, to);
          expect(points.length).toBeLessThanOrEqual(series.length);
          for (const at of [from, to, ...shares.map((s) => Math.min(to, from + s * lengthS))]) {
            const whole = aggregateWindow(series, { now: at, lookBackS, fn }).value;
            expect(aggregateValue(points, { lookBackS, fn }, at)).toBe(whole);
          }
        },
      ),
    );
  });
});
