import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { forecastLoad } from "../../../shared/forecast/forecastLoad";
import { historyColumns, withHistoryColumns } from "../../../shared/forecast/historyColumns";
import type { Datapoint } from "../../../shared/metrics/Datapoint";
import { DAY, MONDAY } from "./historyFixtures";

const columnsOf = (points: readonly Datapoint[]) => ({
  t: Float64Array.from(points, (p) => p.t),
  v: Float64Array.from(points, (p) => p.v),
});

describe("historyColumns", () => {
  it("copies the datapoints' times and values in order when no producer vouched for columns", () => {
    const { t, v } = historyColumns([
      { t: 60, v: 2 },
      { t: 0, v: Number.POSITIVE_INFINITY },
    ]);
    expect([...t]).toEqual([60, 0]);
    expect([...v]).toEqual([2, Number.POSITIVE_INFINITY]);
  });

  it("takes a value that is not a number as NaN, not as what it would coerce to", () => {
    const odd = [{ t: "60", v: null }] as unknown as Datapoint[];
    const { t, v } = historyColumns(odd);
    expect(t[0]).toBeNaN();
    expect(v[0]).toBeNaN();
  });

  it("returns the columns vouched for that series, and only for that series object", () => {
    const points = [{ t: 0, v: 1 }];
    const columns = columnsOf(points);
    const vouched = withHistoryColumns(points, columns);
    expect(vouched).toBe(points);
    expect(historyColumns(points)).toBe(columns);
    expect(historyColumns([...points])).not.toBe(columns);
  });

  it("refuses columns whose length is not the series'", () => {
    expect(() => withHistoryColumns([{ t: 0, v: 1 }], columnsOf([]))).toThrow(/columns of 0 and 0 for 1/);
  });

  it("gives the forecaster the same forecast from vouched columns as from the datapoints alone", () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: -5, max: 80, noNaN: true }), { minLength: 1, maxLength: 64 }),
        fc.integer({ min: 2, max: 9 }),
        fc.integer({ min: 0, max: 287 }),
        fc.constantFrom("UTC", "America/New_York"),
        fc.constantFrom("mean" as const, "peak" as const),
        (levels, days, slot, timezone, slotStatistic) => {
          const now = MONDAY + days * DAY + slot * 300;
          const points: Datapoint[] = [];
          for (let t = now - days * DAY, i = 0; t < now; t += 60, i++)
            points.push({ t, v: levels[i % levels.length]! });
          const options = { timezone, slotStatistic, horizonS: 6 * 3600 };
          const plain = forecastLoad({ history: [...points], now, options });
          const vouched = forecastLoad({
            history: withHistoryColumns(points, columnsOf(points)),
            now,
            options,
          });
          expect(vouched).toEqual(plain);
        },
      ),
      { numRuns: 40 },
    );
  });
});
