import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { percentile } from "../../sim/percentile";

/** The definition: sort a copy, interpolate between the order statistics around (n - 1) q. */
function bySorting(values: readonly number[], q: number): { value: number; sorted: number[] } {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return { value: Number.NaN, sorted };
  const pos = (sorted.length - 1) * q;
  const a = sorted[Math.floor(pos)]!;
  const b = sorted[Math.ceil(pos)]!;
  const value =
    Math.floor(pos) === Math.ceil(pos) || a === b
      ? a
      : !Number.isFinite(b)
        ? b
        : a + (b - a) * (pos - Math.floor(pos));
  return { value, sorted };
}

const valueArb = fc.oneof(fc.double({ noNaN: true }), fc.constantFrom(0, -0, Number.POSITIVE_INFINITY));

describe("percentile", () => {
  it.each([
    ["one, two or a few values", 8],
    ["more values than it sorts by insertion", 80],
  ])("interpolates between order statistics and leaves the values sorted, for %s", (_name, maxLength) => {
    fc.assert(
      fc.property(
        fc.array(valueArb, { maxLength, minLength: maxLength > 8 ? 30 : 0 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (values, q) => {
          const expected = bySorting(values, q);
          const plain = [...values];
          expect(percentile(plain, q)).toBe(expected.value);
          expect(plain).toEqual(expected.sorted);
          const typed = Float64Array.from(values);
          expect(percentile(typed, q)).toBe(expected.value);
          expect([...typed]).toEqual(expected.sorted);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it.each([
    ["NaN for no values", [], 0.5, Number.NaN],
    ["the value itself for one", [7], 0.95, 7],
    ["the larger of two at q 1, in either order", [9, 2], 1, 9],
    ["between two at q 0.5", [4, 2], 0.5, 3],
    ["Infinity above everything", [Number.POSITIVE_INFINITY, 1], 0.95, Number.POSITIVE_INFINITY],
  ])("gives %s", (_name, values, q, expected) => {
    expect(percentile([...values], q)).toBe(expected);
  });
});
