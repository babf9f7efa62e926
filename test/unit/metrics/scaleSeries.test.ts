import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Datapoint } from "../../../shared/metrics/Datapoint";
import { scaleSeries } from "../../../shared/metrics/scaleSeries";

const p = (t: number, v: number): Datapoint => ({ t, v });

describe("scaleSeries", () => {
  it.each([
    {
      name: "multiplies a per-replica average by the replica count",
      factor: 3,
      expected: [p(0, 3), p(10, 7.5)],
    },
    { name: "keeps values when the factor is one", factor: 1, expected: [p(0, 1), p(10, 2.5)] },
    { name: "zeroes values when there are no replicas", factor: 0, expected: [p(0, 0), p(10, 0)] },
  ])("$name", ({ factor, expected }) => {
    expect(scaleSeries([p(0, 1), p(10, 2.5)], factor)).toEqual(expected);
  });

  it("returns an empty series for an empty series", () => {
    expect(scaleSeries([], 4)).toEqual([]);
  });

  it.each([
    { name: "a negative factor", factor: -1 },
    { name: "a NaN factor", factor: Number.NaN },
    { name: "an infinite factor", factor: Number.POSITIVE_INFINITY },
  ])("rejects $name with a RangeError", ({ factor }) => {
    expect(() => scaleSeries([p(0, 1)], factor)).toThrow(RangeError);
  });

  it("keeps every timestamp and scales every value", () => {
    const series = fc.array(fc.record({ t: fc.integer(), v: fc.integer({ min: 0, max: 1000 }) }));
    fc.assert(
      fc.property(series, fc.integer({ min: 0, max: 64 }), (input, factor) => {
        const scaled = scaleSeries(input, factor);
        expect(scaled.map((q) => q.t)).toEqual(input.map((q) => q.t));
        expect(scaled.map((q) => q.v)).toEqual(input.map((q) => q.v * factor));
      }),
    );
  });
});
