import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { cleanSeries } from "../../../shared/metrics/cleanSeries";
import type { Datapoint } from "../../../shared/metrics/Datapoint";

const p = (t: number, v: number): Datapoint => ({ t, v });

describe("cleanSeries", () => {
  it.each([
    { name: "an empty series stays empty", input: [], series: [], dropped: [] },
    {
      name: "an already clean series is unchanged",
      input: [p(0, 1), p(10, 2)],
      series: [p(0, 1), p(10, 2)],
      dropped: [],
    },
    {
      name: "out-of-order points come back sorted by time",
      input: [p(20, 3), p(0, 1), p(10, 2)],
      series: [p(0, 1), p(10, 2), p(20, 3)],
      dropped: [],
    },
    {
      name: "NaN and infinite timestamps are dropped as non-finite-time",
      input: [p(Number.NaN, 1), p(10, 2), p(Number.POSITIVE_INFINITY, 3), p(Number.NEGATIVE_INFINITY, 4)],
      series: [p(10, 2)],
      dropped: [
        { index: 0, reason: "non-finite-time" },
        { index: 2, reason: "non-finite-time" },
        { index: 3, reason: "non-finite-time" },
      ],
    },
    {
      name: "NaN and infinite values are dropped as non-finite-value",
      input: [p(0, Number.NaN), p(10, Number.POSITIVE_INFINITY), p(20, Number.NEGATIVE_INFINITY), p(30, 5)],
      series: [p(30, 5)],
      dropped: [
        { index: 0, reason: "non-finite-value" },
        { index: 1, reason: "non-finite-value" },
        { index: 2, reason: "non-finite-value" },
      ],
    },
    {
      name: "negative values are dropped and zero is kept",
      input: [p(0, -1), p(10, 0), p(20, -0.001)],
      series: [p(10, 0)],
      dropped: [
        { index: 0, reason: "negative-value" },
        { index: 2, reason: "negative-value" },
      ],
    },
    {
      name: "a bad timestamp is reported before a bad value on the same point",
      input: [p(Number.NaN, Number.NaN)],
      series: [],
      dropped: [{ index: 0, reason: "non-finite-time" }],
    },
    {
      name: "duplicate timestamps keep only the largest value",
      input: [p(10, 2), p(0, 1), p(10, 7), p(10, 3)],
      series: [p(0, 1), p(10, 7)],
      dropped: [
        { index: 0, reason: "duplicate-time" },
        { index: 3, reason: "duplicate-time" },
      ],
    },
    {
      name: "equal duplicates keep the earliest input point",
      input: [p(5, 4), p(5, 4)],
      series: [p(5, 4)],
      dropped: [{ index: 1, reason: "duplicate-time" }],
    },
    {
      name: "a dropped invalid point never wins a duplicate timestamp",
      input: [p(10, Number.POSITIVE_INFINITY), p(10, 1)],
      series: [p(10, 1)],
      dropped: [{ index: 0, reason: "non-finite-value" }],
    },
    {
      name: "negative zero is normalised to zero",
      input: [p(-0, -0)],
      series: [p(0, 0)],
      dropped: [],
    },
  ])("$name", ({ input, series, dropped }) => {
    expect(cleanSeries(input)).toEqual({ series, dropped });
  });

  it("hands a series already clean back as it is, without a copy", () => {
    const input = [p(0, 2), p(10, 1), p(20, 0)];
    expect(cleanSeries(input)).toEqual({ series: input, dropped: [] });
    expect(cleanSeries(input).series).toBe(input);
  });

  it("copies a clean series that holds a negative zero, normalised", () => {
    const input = [p(0, 2), p(10, -0)];
    const { series } = cleanSeries(input);
    expect(series).not.toBe(input);
    expect(Object.is(series[1]!.v, 0)).toBe(true);
  });

  it("returns fresh points without extra properties when it sorts or drops, and leaves the input untouched", () => {
    // arrange
    const input = [{ t: 10, v: 1, extra: "x" }, p(0, 2)];
    const before = structuredClone(input);

    // act
    const { series } = cleanSeries(input);

    // assert
    expect(series).toEqual([p(0, 2), p(10, 1)]);
    expect(input).toEqual(before);
  });

  it("outputs a sorted, finite, non-negative series with unique times, never longer than the input", () => {
    const anyNumber = fc.oneof(
      fc.double(),
      fc.integer({ min: -5, max: 20 }),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, -0),
    );
    fc.assert(
      fc.property(fc.array(fc.record({ t: anyNumber, v: anyNumber })), (input) => {
        const { series, dropped } = cleanSeries(input);
        expect(series.length).toBeLessThanOrEqual(input.length);
        expect(series.length + dropped.length).toBe(input.length);
        series.forEach((point, i) => {
          expect(Number.isFinite(point.t) && Number.isFinite(point.v)).toBe(true);
          expect(point.v).toBeGreaterThanOrEqual(0);
          if (i > 0) expect(point.t).toBeGreaterThan(series[i - 1]!.t);
        });
      }),
    );
  });

  it("keeps, for each valid timestamp, the largest valid value seen at it", () => {
    const point = fc.record({ t: fc.integer({ min: 0, max: 5 }), v: fc.integer({ min: -2, max: 9 }) });
    fc.assert(
      fc.property(fc.array(point), (input) => {
        const { series } = cleanSeries(input);
        for (const kept of series) {
          const atTime = input.filter((q) => q.t === kept.t && q.v >= 0).map((q) => q.v);
          expect(kept.v).toBe(Math.max(...atTime));
        }
      }),
    );
  });
});
