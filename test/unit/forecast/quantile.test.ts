import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "../../../shared/forecast/quantile";

describe("quantile", () => {
  it.each([
    ["the median of an odd count", [3, 1, 2], 0.5, 2],
    ["the mean of the middle two for an even count", [4, 1, 3, 2], 0.5, 2.5],
    ["the lowest at 0", [5, 2, 9], 0, 2],
    ["the highest at 1", [5, 2, 9], 1, 9],
    ["an interpolation between order statistics", [1, 2, 3, 4, 5], 0.75, 4],
    ["a quarter of the way between them", [0, 10], 0.25, 2.5],
    ["the one value of a single sample", [7], 0.9, 7],
  ])("gives %s", (_name, values, q, expected) => {
    expect(quantile(values, q)).toBe(expected);
  });

  it("gives NaN for no values", () => {
    expect(quantile([], 0.5)).toBeNaN();
  });

  it.each([[-0.1], [1.5], [Number.NaN]])("refuses the quantile %s", (q) => {
    expect(() => quantile([1, 2], q)).toThrow(RangeError);
  });

  it("does not modify its input and lies between the lowest and the highest value", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -1e6, max: 1e6, noNaN: true }), { minLength: 1, maxLength: 30 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const copy = [...values];
          const x = quantile(values, q);
          expect(values).toEqual(copy);
          expect(x).toBeGreaterThanOrEqual(Math.min(...values));
          expect(x).toBeLessThanOrEqual(Math.max(...values));
        },
      ),
    );
  });
});
