import { describe, expect, it } from "vitest";
import { forecastLoad } from "../../../shared/forecast/forecastLoad";
import { localTimeReader } from "../../../shared/forecast/localTime";
import { DAY, dailyBurst, MONDAY, series, valueAt } from "./historyFixtures";

const HOUR = 3600;

describe("forecastLoad", () => {
  it.each([
    ["no history", [], MONDAY],
    ["23 h 59 min of history", series(MONDAY + 120, MONDAY + DAY, dailyBurst), MONDAY + DAY + 60],
    ["history only at or after now", series(MONDAY, MONDAY + 3 * DAY, dailyBurst), MONDAY],
    [
      "non-finite values only",
      [
        { t: MONDAY, v: Number.NaN },
        { t: MONDAY + 10, v: Infinity },
      ],
      MONDAY + 2 * DAY,
    ],
  ])("returns null, not an error, with %s", (_name, history, now) => {
    expect(forecastLoad({ history, now })).toBeNull();
  });

  it("forecasts once 24 h of history exist: 48 h in 5-minute slots from the slot holding now", () => {
    const now = MONDAY + DAY + 90;
    const forecast = forecastLoad({ history: series(MONDAY, now, dailyBurst), now });
    expect(forecast).toMatchObject({ madeAt: now, startS: MONDAY + DAY, stepS: 300, timezone: "UTC" });
    expect(forecast?.values).toHaveLength(576);
    expect(forecast?.historyS).toBe(DAY + 90);
  });

  it.each([
    ["60 s", 60],
    ["300 s", 300],
  ])("shows the daily burst from three days of %s data, today and tomorrow", (_name, periodS) => {
    const now = MONDAY + 3 * DAY;
    const forecast = forecastLoad({ history: series(MONDAY, now, dailyBurst, periodS), now })!;
    for (const day of [0, 1]) {
      const at = now + day * DAY;
      expect(valueAt(forecast, at + 14 * HOUR + 30 * 60)).toBe(20);
      expect(valueAt(forecast, at + 14 * HOUR + 55 * 60)).toBe(20);
      expect(valueAt(forecast, at + 15 * HOUR)).toBe(2);
      expect(valueAt(forecast, at + 14 * HOUR + 25 * 60)).toBe(2);
    }
  });

  it.each([
    ["its mean by default, so one noisy minute does not size the whole slot", undefined, 6.8],
    ["its peak with slotStatistic peak, so a one-minute spike is sized for", "peak" as const, 30],
  ])("takes a slot's %s", (_name, slotStatistic, expected) => {
    const spike = (t: number) => ((t % DAY) / 60 === 600 ? 30 : 1);
    const now = MONDAY + 3 * DAY;
    const options = slotStatistic ? { slotStatistic } : {};
    const forecast = forecastLoad({ history: series(MONDAY, now, spike), now, options })!;
    expect(valueAt(forecast, now + 10 * HOUR)).toBe(expected);
  });

  it.each([
    ["the median with dayQuantile 0.5", 0.5, 3],
    ["0.75 by default, taken as asked over five days or more", undefined, 4],
    ["never the highest day, however high the asked quantile", 1, 4],
  ])("takes a slot's load over past days at %s", (_name, dayQuantile, expected) => {
    // Five past days whose 10:00 hour carried a load of 1, 2, 3, 4 and 5.
    const now = MONDAY + 5 * DAY;
    const load = (t: number) => (Math.floor(t / HOUR) % 24 === 10 ? Math.floor((t - MONDAY) / DAY) + 1 : 0);
    const options = dayQuantile === undefined ? {} : { dayQuantile };
    const forecast = forecastLoad({ history: series(MONDAY, now, load), now, options })!;
    expect(valueAt(forecast, now + 10 * HOUR)).toBe(expected);
  });

  it("is not fooled by one odd day: a holiday with no load, or a day of five times the load", () => {
    const now = MONDAY + 7 * DAY;
    for (const odd of [0, 5]) {
      const load = (t: number) => (t >= MONDAY + 2 * DAY && t < MONDAY + 3 * DAY ? odd : 1) * dailyBurst(t);
      const forecast = forecastLoad({ history: series(MONDAY, now, load), now })!;
      expect(valueAt(forecast, now + 14 * HOUR + 40 * 60)).toBe(20);
      expect(valueAt(forecast, now + 2 * HOUR)).toBe(2);
    }
  });

  it("tells weekends from weekdays once two weekends are in the history", () => {
    const weekdayBurst = (t: number) => {
      const weekday = (Math.floor(t / DAY) + 4) % 7;
      return weekday === 0 || weekday === 6 ? 2 : dailyBurst(t);
    };
    const now = MONDAY + 12 * DAY; // Saturday 2026-11-14 00:00 UTC
    const forecast = forecastLoad({ history: series(MONDAY - 2 * DAY, now, weekdayBurst), now })!;
    const burst = 14 * HOUR + 40 * 60;
    expect(valueAt(forecast, now + burst)).toBe(2); // Saturday
    expect(valueAt(forecast, now + DAY + burst)).toBe(2); // Sunday
    const friday = forecastLoad({
      history: series(MONDAY - 2 * DAY, now - DAY, weekdayBurst),
      now: now - DAY,
    })!;
    expect(valueAt(friday, now - DAY + burst)).toBe(20);
  });

  it("falls back to every day's time of day when a kind of day has no history", () => {
    const now = MONDAY + 5 * DAY; // Saturday, after five weekdays
    const forecast = forecastLoad({ history: series(MONDAY, now, dailyBurst), now })!;
    expect(valueAt(forecast, now + 14 * HOUR + 40 * 60)).toBe(20);
  });

  it.each([
    ["three times as busy", 3, 3],
    ["ten times as busy, bounded at 4", 10, 4],
    ["0.4 times as busy", 0.4, 0.4],
    ["a tenth as busy (a holiday), bounded at 0.25", 0.1, 0.25],
  ])("blends in the recent level when the last hour is %s, fading with distance", (_name, factor, ratio) => {
    const now = MONDAY + 3 * DAY + 14 * HOUR;
    const steady = (t: number) => 10 * (t >= now - HOUR ? factor : 1);
    const forecast = forecastLoad({ history: series(MONDAY, now, steady), now })!;
    expect(forecast.recentRatio).toBe(ratio);
    expect(valueAt(forecast, now)).toBeCloseTo(10 * ratio, 2);
    expect(valueAt(forecast, now + 6 * HOUR)).toBeCloseTo(10 * (1 + (ratio - 1) / 2), 1);
    expect(Math.abs(valueAt(forecast, now + 47 * HOUR)! - 10)).toBeLessThan(0.05 * 10);
  });

  it.each([
    ["1.8 times as busy (a burst)", 1.8],
    ["0.6 times as busy (a lull)", 0.6],
  ])(
    "takes no ratio from an hour %s: within x2 of the history the recent level is noise",
    (_name, factor) => {
      const now = MONDAY + 3 * DAY + 14 * HOUR;
      const steady = (t: number) => 10 * (t >= now - HOUR ? factor : 1);
      const forecast = forecastLoad({ history: series(MONDAY, now, steady), now })!;
      expect(forecast.recentRatio).toBe(1);
      expect(valueAt(forecast, now)).toBe(10);
    },
  );

  it("takes no ratio from a quiet hour: below one request the recent level is noise", () => {
    const now = MONDAY + 3 * DAY + 6 * HOUR;
    const quiet = (t: number) => (t >= now - HOUR ? 0.9 : 0.1);
    expect(forecastLoad({ history: series(MONDAY, now, quiet), now })!.recentRatio).toBe(1);
  });

  it("buckets by the policy's time zone, so a 09:30 New York open moves with daylight saving time", () => {
    // New York leaves DST on 2026-11-01: the open is 13:30 UTC before and 14:30 UTC after.
    const zone = "America/New_York";
    const localTime = localTimeReader(zone);
    const open = (t: number) => {
      const minute = localTime(t).secondOfDay / 60;
      return minute >= 9 * 60 + 30 && minute < 9 * 60 + 50 ? 40 : 1;
    };
    const now = Date.UTC(2026, 10, 4, 5) / 1000; // Wednesday 00:00 in New York
    const history = series(Date.UTC(2026, 9, 21) / 1000, now, open);
    const local = forecastLoad({ history, now, options: { timezone: zone } })!;
    const utc = forecastLoad({ history, now })!;
    const openUtc = Date.UTC(2026, 10, 4, 14, 35) / 1000;
    expect(valueAt(local, openUtc)).toBe(40);
    expect(valueAt(local, openUtc - HOUR)).toBe(1);
    // Bucketing by UTC follows the majority of days, which opened an hour earlier.
    expect(valueAt(utc, openUtc - HOUR)).toBe(40);
  });

  it("refuses a step that is not a positive integer and an unknown time zone", () => {
    const history = series(MONDAY, MONDAY + 2 * DAY, dailyBurst);
    expect(() => forecastLoad({ history, now: MONDAY + 2 * DAY, options: { stepS: 0 } })).toThrow(RangeError);
    expect(() =>
      forecastLoad({ history, now: MONDAY + 2 * DAY, options: { timezone: "Mars/Base" } }),
    ).toThrow(RangeError);
  });
});
