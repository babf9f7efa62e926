import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { localTimeReader } from "../../../shared/forecast/localTime";
import { quantile } from "../../../shared/forecast/quantile";
import {
  buildSeasonalIndex,
  oddDayProofQuantile,
  seasonalLoad,
} from "../../../shared/forecast/SeasonalIndex";
import { DAY, MONDAY } from "./historyFixtures";

const STEP = 300;
const isWeekend = (weekday: number) => weekday === 0 || weekday === 6;

describe("seasonalLoad", () => {
  it("is the odd-day-proof quantile of the same weekday's days (3+), else the same kind's (2+), else every day's", () => {
    fc.assert(
      fc.property(
        // One value per day and slot of a 4-slot day pattern, some days missing.
        fc.array(fc.option(fc.double({ min: 0, max: 100, noNaN: true }), { nil: undefined }), {
          minLength: 4,
          maxLength: 4 * 30,
        }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 0, max: 35 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.constantFrom("UTC", "Europe/Paris"),
        (values, slot, dayOffset, q, zone) => {
          const localTime = localTimeReader(zone);
          const history = values.flatMap((v, i) =>
            v === undefined ? [] : [{ t: MONDAY + Math.floor(i / 4) * DAY + (i % 4) * STEP, v }],
          );
          const now = MONDAY + 31 * DAY;
          const index = buildSeasonalIndex({ history, now, stepS: STEP, localTime });
          const at = localTime(MONDAY + dayOffset * DAY + slot * STEP);
          // The rule as documented, over every day of the slot.
          const days = index.bySlotOfDay.get(Math.floor(at.secondOfDay / STEP)) ?? [];
          const all = days.filter((s) => s.day < at.day);
          const sameWeekday = all.filter((s) => s.weekday === at.weekday);
          const sameKind = all.filter((s) => isWeekend(s.weekday) === isWeekend(at.weekday));
          const chosen = sameWeekday.length >= 3 ? sameWeekday : sameKind.length >= 2 ? sameKind : all;
          const expected =
            all.length === 0
              ? null
              : quantile(
                  chosen.map((s) => s.value),
                  oddDayProofQuantile(q, chosen.length),
                );
          expect(seasonalLoad(index, at, at.day, q)).toBe(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
