import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Datapoint, Series } from "../../../shared/metrics/Datapoint";
import { mergeSeries } from "../../../shared/metrics/mergeSeries";

const p = (t: number, v: number): Datapoint => ({ t, v });

describe("mergeSeries", () => {
  it.each<{ name: string; input: Series[]; expected: Datapoint[] }>([
    { name: "no series merge to an empty series", input: [], expected: [] },
    { name: "empty series merge to an empty series", input: [[], []], expected: [] },
    {
      name: "aligned series add point by point",
      input: [
        [p(0, 1), p(10, 2)],
        [p(0, 3), p(10, 4)],
      ],
      expected: [p(0, 4), p(10, 6)],
    },
    {
      name: "interleaved series carry each last value forward",
      input: [
        [p(0, 1), p(10, 2)],
        [p(5, 10), p(15, 20)],
      ],
      expected: [p(0, 1), p(5, 11), p(10, 12), p(15, 22)],
    },
    {
      name: "a series contributes nothing before its first point",
      input: [[p(0, 1), p(10, 1), p(20, 1)], [p(15, 5)]],
      expected: [p(0, 1), p(10, 1), p(15, 6), p(20, 6)],
    },
    {
      name: "a series that stopped reporting keeps its last value",
      input: [[p(0, 3)], [p(0, 1), p(10, 2), p(20, 4)]],
      expected: [p(0, 4), p(10, 5), p(20, 7)],
    },
    {
      name: "an empty series among others contributes nothing",
      input: [[], [p(0, 2)]],
      expected: [p(0, 2)],
    },
  ])("$name", ({ input, expected }) => {
    expect(mergeSeries(input)).toEqual(expected);
  });

  const cleanSeriesArb = fc
    .uniqueArray(fc.integer({ min: 0, max: 100 }), { maxLength: 20 })
    .chain((times) =>
      fc
        .array(fc.integer({ min: 0, max: 1000 }), { minLength: times.length, maxLength: times.length })
        .map((values) => times.sort((a, b) => a - b).map((t, i) => p(t, values[i]!))),
    );

  it("returns a single series unchanged", () => {
    fc.assert(
      fc.property(cleanSeriesArb, (series) => {
        expect(mergeSeries([series])).toEqual(series);
      }),
    );
  });

  it("evaluates to the sum of each series' value in force at every output time", () => {
    const valueAt = (series: Series, t: number): number => series.findLast((q) => q.t <= t)?.v ?? 0;
    fc.assert(
      fc.property(fc.array(cleanSeriesArb, { maxLength: 4 }), (list) => {
        // arrange
        const times = [...new Set(list.flat().map((q) => q.t))].sort((a, b) => a - b);

        // act
        const merged = mergeSeries(list);

        // assert
        expect(merged.map((q) => q.t)).toEqual(times);
        for (const q of merged) {
          expect(q.v).toBe(list.reduce((sum, series) => sum + valueAt(series, q.t), 0));
        }
      }),
    );
  });
});
