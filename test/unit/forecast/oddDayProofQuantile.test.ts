import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { quantile } from "../../../shared/forecast/quantile";
import { oddDayProofQuantile } from "../../../shared/forecast/SeasonalIndex";

describe("oddDayProofQuantile", () => {
  it.each([
    ["the median over 2 days", 0.75, 2, 0.5],
    ["the median over 3 days", 0.75, 3, 0.5],
    ["at most the second-highest of 4 days", 0.75, 4, 2 / 3],
    ["the asked 0.75 over 5 days", 0.75, 5, 0.75],
    ["the asked 0.75 over 10 days", 0.75, 10, 0.75],
    ["at most the second-highest of 10 days when 1 is asked", 1, 10, 8 / 9],
    ["at least the second-lowest of 5 days when 0 is asked", 0, 5, 0.25],
    ["the median when the median is asked", 0.5, 4, 0.5],
  ])("takes %s", (_name, q, samples, expected) => {
    expect(oddDayProofQuantile(q, samples)).toBeCloseTo(expected, 12);
  });

  it("keeps one odd day (x5 or zero) from moving the quantile past the normal days' range", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 2, noNaN: true }), { minLength: 3, maxLength: 14 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom(0, 5),
        (normal, q, factor) => {
          const days = [...normal, Math.max(...normal) * factor];
          const x = quantile(days, oddDayProofQuantile(q, days.length));
          expect(x).toBeGreaterThanOrEqual(Math.min(...normal) - 1e-12);
          expect(x).toBeLessThanOrEqual(Math.max(...normal) + 1e-12);
        },
      ),
    );
  });
});
