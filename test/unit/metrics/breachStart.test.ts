import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { breachStart } from "../../../shared/metrics/breachStart";
import type { Datapoint } from "../../../shared/metrics/Datapoint";

const p = (t: number, v: number): Datapoint => ({ t, v });
const above5 = (v: number): boolean => v > 5;

describe("breachStart", () => {
  it.each<{
    name: string;
    series: Datapoint[];
    options?: { after?: number; now?: number };
    expected: number | null;
  }>([
    { name: "is null for an empty series", series: [], expected: null },
    { name: "is null when the newest point does not breach", series: [p(0, 9), p(10, 1)], expected: null },
    {
      name: "is the first point of the trailing breaching run",
      series: [p(0, 9), p(10, 1), p(20, 6), p(30, 7)],
      expected: 20,
    },
    { name: "is the first point when every point breaches", series: [p(0, 6), p(10, 7)], expected: 0 },
    { name: "is the newest point when only it breaches", series: [p(0, 1), p(10, 7)], expected: 10 },
    {
      name: "ignores points after now",
      series: [p(0, 1), p(10, 7), p(20, 1)],
      options: { now: 15 },
      expected: 10,
    },
    {
      name: "is null when the newest point at or before now does not breach",
      series: [p(0, 7), p(10, 1), p(20, 7)],
      options: { now: 10 },
      expected: null,
    },
    {
      name: "counts a point exactly at now",
      series: [p(0, 1), p(10, 7)],
      options: { now: 10 },
      expected: 10,
    },
    {
      name: "starts the run after the given time",
      series: [p(0, 7), p(10, 7), p(20, 7)],
      options: { after: 5 },
      expected: 10,
    },
    {
      name: "excludes a point exactly at the after time",
      series: [p(0, 7), p(10, 7), p(20, 7)],
      options: { after: 10 },
      expected: 20,
    },
    {
      name: "is null when no point lies after the given time",
      series: [p(0, 7), p(10, 7)],
      options: { after: 10 },
      expected: null,
    },
    {
      name: "is null when every point is after now",
      series: [p(20, 7)],
      options: { now: 10 },
      expected: null,
    },
    {
      name: "combines after and now",
      series: [p(0, 7), p(10, 7), p(20, 7), p(30, 1)],
      options: { after: 5, now: 25 },
      expected: 10,
    },
  ])("$name", ({ series, options, expected }) => {
    expect(breachStart(series, above5, options)).toBe(expected);
  });

  it("marks a breaching point whose successors all breach and whose considered predecessor does not", () => {
    const seriesArb = fc
      .uniqueArray(fc.integer({ min: 0, max: 100 }), { maxLength: 20 })
      .chain((times) =>
        fc
          .array(fc.integer({ min: 0, max: 10 }), { minLength: times.length, maxLength: times.length })
          .map((values) => times.sort((a, b) => a - b).map((t, i) => p(t, values[i]!))),
      );
    const optionalTime = fc.option(fc.integer({ min: -10, max: 110 }), { nil: undefined });
    fc.assert(
      fc.property(seriesArb, optionalTime, optionalTime, (series, after, now) => {
        // arrange
        const considered = series.filter(
          (q) => (after === undefined || q.t > after) && (now === undefined || q.t <= now),
        );

        // act
        const start = breachStart(series, above5, { after, now });

        // assert
        if (start === null) {
          const newest = considered.at(-1);
          expect(newest === undefined || !above5(newest.v)).toBe(true);
          return;
        }
        const i = considered.findIndex((q) => q.t === start);
        expect(i).toBeGreaterThanOrEqual(0);
        expect(considered.slice(i).every((q) => above5(q.v))).toBe(true);
        const before = considered[i - 1];
        if (before !== undefined) expect(above5(before.v)).toBe(false);
      }),
    );
  });
});
