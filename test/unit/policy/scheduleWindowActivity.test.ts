import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScheduleWindow } from "../../../shared/policy/PolicySchema";
import { validatePolicy } from "../../../shared/policy/parsePolicy";
import type { ResolvedScheduleWindow } from "../../../shared/policy/ResolvedPolicy";
import {
  scheduleWindowActivity,
  scheduleWindowSpan,
  type WindowActivity,
} from "../../../shared/policy/scheduleWindowActivity";

const NY = "America/New_York";

type WindowInput = Partial<Omit<ScheduleWindow, "overrides">>;

/** One validated window (through the real parser, so leadS is what resolvePolicy computes). */
function windowOf(input: WindowInput): ResolvedScheduleWindow {
  const policy = validatePolicy({
    min_replicas: 1,
    max_replicas: 10,
    schedules: [{ name: "w", start: "0 9 * * 1-5", overrides: { min_replicas: 2 }, ...input }],
  });
  return policy.schedules[0]!;
}

const marketHours = (extra: WindowInput = {}): ResolvedScheduleWindow =>
  windowOf({ start: "0 9 * * 1-5", end: "0 16 * * 1-5", timezone: NY, ...extra });

const on = (since: number, until: number): WindowActivity => ({
  active: true,
  since,
  until,
  nextStart: null,
});
const off = (nextStart: number | null): WindowActivity => ({
  active: false,
  since: null,
  until: null,
  nextStart,
});

describe("scheduleWindowActivity", () => {
  it.each<{ name: string; window: () => ResolvedScheduleWindow; now: number; expected: WindowActivity }>([
    // Summer (EDT, UTC-4): 09:00-16:00 local is 13:00-20:00 UTC.
    {
      name: "summer: is active from 09:00 EDT (13:00 UTC) on a weekday",
      window: marketHours,
      now: Date.UTC(2026, 6, 1, 13, 0, 0) / 1000,
      expected: on(Date.UTC(2026, 6, 1, 13) / 1000, Date.UTC(2026, 6, 1, 20) / 1000),
    },
    {
      name: "summer: is inactive one second before 09:00 EDT and names that start",
      window: marketHours,
      now: Date.UTC(2026, 6, 1, 12, 59, 59) / 1000,
      expected: off(Date.UTC(2026, 6, 1, 13) / 1000),
    },
    {
      name: "summer: is still active one second before 16:00 EDT",
      window: marketHours,
      now: Date.UTC(2026, 6, 1, 19, 59, 59) / 1000,
      expected: on(Date.UTC(2026, 6, 1, 13) / 1000, Date.UTC(2026, 6, 1, 20) / 1000),
    },
    {
      name: "summer: ends exactly at 16:00 EDT (the end is exclusive) and names the next morning",
      window: marketHours,
      now: Date.UTC(2026, 6, 1, 20, 0, 0) / 1000,
      expected: off(Date.UTC(2026, 6, 2, 13) / 1000),
    },
    // Winter (EST, UTC-5): 14:00-21:00 UTC.
    {
      name: "winter: is inactive at 13:30 UTC (08:30 EST)",
      window: marketHours,
      now: Date.UTC(2026, 0, 6, 13, 30) / 1000,
      expected: off(Date.UTC(2026, 0, 6, 14) / 1000),
    },
    {
      name: "winter: is active from 09:00 EST (14:00 UTC) until 16:00 EST (21:00 UTC)",
      window: marketHours,
      now: Date.UTC(2026, 0, 6, 20, 30) / 1000,
      expected: on(Date.UTC(2026, 0, 6, 14) / 1000, Date.UTC(2026, 0, 6, 21) / 1000),
    },
    // Spring forward: Sunday 2026-03-08 (no weekday start that day).
    {
      name: "spring-forward week: Friday before the change still opens at 14:00 UTC (EST)",
      window: marketHours,
      now: Date.UTC(2026, 2, 6, 14, 0) / 1000,
      expected: on(Date.UTC(2026, 2, 6, 14) / 1000, Date.UTC(2026, 2, 6, 21) / 1000),
    },
    {
      name: "spring-forward week: over the change weekend the next start is Monday 13:00 UTC (EDT)",
      window: marketHours,
      now: Date.UTC(2026, 2, 8, 12, 0) / 1000,
      expected: off(Date.UTC(2026, 2, 9, 13) / 1000),
    },
    {
      name: "spring-forward week: Monday after the change opens at 13:00 UTC and closes at 20:00 UTC",
      window: marketHours,
      now: Date.UTC(2026, 2, 9, 13, 0) / 1000,
      expected: on(Date.UTC(2026, 2, 9, 13) / 1000, Date.UTC(2026, 2, 9, 20) / 1000),
    },
    {
      name: "spring-forward week: Monday after the change is closed at 20:30 UTC (16:30 EDT)",
      window: marketHours,
      now: Date.UTC(2026, 2, 9, 20, 30) / 1000,
      expected: off(Date.UTC(2026, 2, 10, 13) / 1000),
    },
    {
      name: "spring-forward day: a daily 09:00 start opens at 13:00 UTC on the change day itself",
      window: () => windowOf({ start: "0 9 * * *", end: "0 16 * * *", timezone: NY }),
      now: Date.UTC(2026, 2, 8, 13, 0) / 1000,
      expected: on(Date.UTC(2026, 2, 8, 13) / 1000, Date.UTC(2026, 2, 8, 20) / 1000),
    },
    // Fall back: Sunday 2026-11-01.
    {
      name: "fall-back week: Friday before the change opens at 13:00 UTC (EDT)",
      window: marketHours,
      now: Date.UTC(2026, 9, 30, 13, 0) / 1000,
      expected: on(Date.UTC(2026, 9, 30, 13) / 1000, Date.UTC(2026, 9, 30, 20) / 1000),
    },
    {
      name: "fall-back week: Monday after the change is still closed at 13:30 UTC (08:30 EST)",
      window: marketHours,
      now: Date.UTC(2026, 10, 2, 13, 30) / 1000,
      expected: off(Date.UTC(2026, 10, 2, 14) / 1000),
    },
    {
      name: "fall-back week: Monday after the change opens at 14:00 UTC and closes at 21:00 UTC",
      window: marketHours,
      now: Date.UTC(2026, 10, 2, 20, 59, 59) / 1000,
      expected: on(Date.UTC(2026, 10, 2, 14) / 1000, Date.UTC(2026, 10, 2, 21) / 1000),
    },
    {
      name: "fall-back day: a daily 09:00 start opens at 14:00 UTC on the change day itself",
      window: () => windowOf({ start: "0 9 * * *", end: "0 16 * * *", timezone: NY }),
      now: Date.UTC(2026, 10, 1, 14, 0) / 1000,
      expected: on(Date.UTC(2026, 10, 1, 14) / 1000, Date.UTC(2026, 10, 1, 21) / 1000),
    },
    // Weekend.
    {
      name: "weekend: is inactive on Saturday midday and names Monday 09:00 EDT",
      window: marketHours,
      now: Date.UTC(2026, 6, 4, 16, 0) / 1000,
      expected: off(Date.UTC(2026, 6, 6, 13) / 1000),
    },
    // ready_at_start: 390 s of lead, so in force from 08:53:30 local; the end does not move.
    {
      name: "lead: is active from 08:53:30 EDT, with since at the early start and until at 16:00",
      window: () => marketHours({ ready_at_start: true, lead_time_s: 390 }),
      now: Date.UTC(2026, 6, 1, 12, 53, 30) / 1000,
      expected: on(Date.UTC(2026, 6, 1, 12, 53, 30) / 1000, Date.UTC(2026, 6, 1, 20) / 1000),
    },
    {
      name: "lead: is inactive at 08:53:29 EDT and names 08:53:30 as the next start",
      window: () => marketHours({ ready_at_start: true, lead_time_s: 390 }),
      now: Date.UTC(2026, 6, 1, 12, 53, 29) / 1000,
      expected: off(Date.UTC(2026, 6, 1, 12, 53, 30) / 1000),
    },
    {
      name: "lead: in winter takes effect at 08:53:30 EST (13:53:30 UTC)",
      window: () => marketHours({ ready_at_start: true, lead_time_s: 390 }),
      now: Date.UTC(2026, 0, 6, 13, 55) / 1000,
      expected: on(Date.UTC(2026, 0, 6, 13, 53, 30) / 1000, Date.UTC(2026, 0, 6, 21) / 1000),
    },
    {
      name: "lead: does not extend the end",
      window: () => marketHours({ ready_at_start: true, lead_time_s: 390 }),
      now: Date.UTC(2026, 6, 1, 20, 0) / 1000,
      expected: off(Date.UTC(2026, 6, 2, 12, 53, 30) / 1000),
    },
    // Crossing midnight: 22:00-06:00 local.
    {
      name: "midnight crossing: is active at 23:00 local, until 06:00 the next morning",
      window: () => windowOf({ start: "0 22 * * *", end: "0 6 * * *", timezone: NY }),
      now: Date.UTC(2026, 6, 2, 3, 0) / 1000, // 2026-07-01 23:00 EDT
      expected: on(Date.UTC(2026, 6, 2, 2) / 1000, Date.UTC(2026, 6, 2, 10) / 1000),
    },
    {
      name: "midnight crossing: is still active at 05:59:59 local, since 22:00 the evening before",
      window: () => windowOf({ start: "0 22 * * *", end: "0 6 * * *", timezone: NY }),
      now: Date.UTC(2026, 6, 2, 9, 59, 59) / 1000, // 2026-07-02 05:59:59 EDT
      expected: on(Date.UTC(2026, 6, 2, 2) / 1000, Date.UTC(2026, 6, 2, 10) / 1000),
    },
    {
      name: "midnight crossing: is inactive from 06:00 local until 22:00 local",
      window: () => windowOf({ start: "0 22 * * *", end: "0 6 * * *", timezone: NY }),
      now: Date.UTC(2026, 6, 2, 10, 0) / 1000, // 06:00 EDT
      expected: off(Date.UTC(2026, 6, 3, 2) / 1000),
    },
    // duration_s counts real seconds: the fall-back night has 25 wall-clock hours.
    {
      name: "duration across fall-back: 8 h from midnight EDT ends at 07:00 EST (12:00 UTC), not 08:00 local",
      window: () => windowOf({ start: "0 0 * * *", duration_s: 8 * 3600, timezone: NY }),
      now: Date.UTC(2026, 10, 1, 11, 59, 59) / 1000,
      expected: on(Date.UTC(2026, 10, 1, 4) / 1000, Date.UTC(2026, 10, 1, 12) / 1000),
    },
    {
      name: "duration across fall-back: is inactive at 12:00 UTC (07:00 EST)",
      window: () => windowOf({ start: "0 0 * * *", duration_s: 8 * 3600, timezone: NY }),
      now: Date.UTC(2026, 10, 1, 12, 0) / 1000,
      expected: off(Date.UTC(2026, 10, 2, 5) / 1000),
    },
    {
      name: "duration across spring-forward: 8 h from midnight EST ends at 09:00 EDT (13:00 UTC)",
      window: () => windowOf({ start: "0 0 * * *", duration_s: 8 * 3600, timezone: NY }),
      now: Date.UTC(2026, 2, 8, 12, 59) / 1000,
      expected: on(Date.UTC(2026, 2, 8, 5) / 1000, Date.UTC(2026, 2, 8, 13) / 1000),
    },
    // A start that does not exist (02:30 on spring-forward day): croner runs it when the clock jumps, 03:00 EDT.
    {
      name: "spring-forward gap: a 02:30 start runs at 03:00 EDT (07:00 UTC) on the change day",
      window: () => windowOf({ start: "30 2 * * *", duration_s: 3600, timezone: NY }),
      now: Date.UTC(2026, 2, 8, 7, 0) / 1000,
      expected: on(Date.UTC(2026, 2, 8, 7) / 1000, Date.UTC(2026, 2, 8, 8) / 1000),
    },
    {
      name: "spring-forward gap: before the jump the next start is 03:00 EDT (07:00 UTC)",
      window: () => windowOf({ start: "30 2 * * *", duration_s: 3600, timezone: NY }),
      now: Date.UTC(2026, 2, 8, 6, 59) / 1000, // 01:59 EST
      expected: off(Date.UTC(2026, 2, 8, 7) / 1000),
    },
    {
      name: "spring-forward gap: the day after, the start is 02:30 EDT again (06:30 UTC)",
      window: () => windowOf({ start: "30 2 * * *", duration_s: 3600, timezone: NY }),
      now: Date.UTC(2026, 2, 8, 8, 0) / 1000,
      expected: off(Date.UTC(2026, 2, 9, 6, 30) / 1000),
    },
    // A start that occurs twice (01:30 on fall-back day) starts once, on the first (EDT) pass.
    {
      name: "fall-back repeat: a 01:30 start runs on the first pass, 01:30 EDT (05:30 UTC)",
      window: () => windowOf({ start: "30 1 * * *", duration_s: 1800, timezone: NY }),
      now: Date.UTC(2026, 10, 1, 5, 30) / 1000,
      expected: on(Date.UTC(2026, 10, 1, 5, 30) / 1000, Date.UTC(2026, 10, 1, 6) / 1000),
    },
    {
      name: "fall-back repeat: a 01:30 start does not run again at 01:30 EST (06:30 UTC)",
      window: () => windowOf({ start: "30 1 * * *", duration_s: 1800, timezone: NY }),
      now: Date.UTC(2026, 10, 1, 6, 30) / 1000,
      expected: off(Date.UTC(2026, 10, 2, 6, 30) / 1000),
    },
    {
      name: "fall-back repeat: a listed hour (01:30 and 13:30) also starts once, on the first pass",
      window: () => windowOf({ start: "30 1,13 * * *", duration_s: 1800, timezone: NY }),
      now: Date.UTC(2026, 10, 1, 6, 30) / 1000,
      expected: off(Date.UTC(2026, 10, 1, 18, 30) / 1000),
    },
    {
      name: "spring-forward gap: a listed hour (02:30 and 14:30) runs at 03:00 EDT, not skipped",
      window: () => windowOf({ start: "30 2,14 * * *", duration_s: 1800, timezone: NY }),
      now: Date.UTC(2026, 2, 8, 7, 10) / 1000,
      expected: on(Date.UTC(2026, 2, 8, 7) / 1000, Date.UTC(2026, 2, 8, 7, 30) / 1000),
    },
    // Windows longer than the gap between starts: the latest start's occurrence wins.
    {
      name: "overlapping occurrences: an hourly start lasting 2 h reports the latest start",
      window: () => windowOf({ start: "0 * * * *", duration_s: 7200, timezone: "UTC" }),
      now: Date.UTC(2026, 6, 1, 10, 30) / 1000,
      expected: on(Date.UTC(2026, 6, 1, 10) / 1000, Date.UTC(2026, 6, 1, 12) / 1000),
    },
    {
      name: "long windows: a monthly window from the 1st to the 20th is found 19 days after it started",
      window: () => windowOf({ start: "0 9 1 * *", end: "0 17 20 * *", timezone: "UTC" }),
      now: Date.UTC(2026, 6, 20, 16, 0) / 1000,
      expected: on(Date.UTC(2026, 6, 1, 9) / 1000, Date.UTC(2026, 6, 20, 17) / 1000),
    },
    {
      name: "far starts: nextStart is null when the next start is more than a year away (29 February)",
      window: () => windowOf({ start: "0 0 29 2 *", duration_s: 86_400, timezone: "UTC" }),
      now: Date.UTC(2026, 5, 1) / 1000,
      expected: off(null),
    },
  ])("$name", ({ window, now, expected }) => {
    // arrange
    const w = window();

    // act
    const activity = scheduleWindowActivity(w, now);

    // assert
    expect(activity).toEqual(expected);
  });

  it("answers the same whatever order instants are asked in (caches never change a result)", () => {
    // arrange
    const instants = [
      Date.UTC(2026, 6, 1, 13) / 1000,
      Date.UTC(2026, 6, 1, 12) / 1000,
      Date.UTC(2026, 6, 8, 15) / 1000,
      Date.UTC(2026, 6, 1, 19, 59) / 1000,
      Date.UTC(2026, 0, 6, 14, 30) / 1000,
      Date.UTC(2026, 6, 2, 13) / 1000,
    ];
    const shared = marketHours();

    // act
    const inOrder = instants.map((t) => scheduleWindowActivity(shared, t));
    const eachFresh = instants.map((t) => scheduleWindowActivity(marketHours(), t));
    const reversed = [...instants].reverse().map((t) => scheduleWindowActivity(shared, t));

    // assert
    expect(inOrder).toEqual(eachFresh);
    expect([...reversed].reverse()).toEqual(inOrder);
  });

  it("follows an edited window rather than serving what it computed for the old one", () => {
    // arrange
    const w = marketHours();
    const now = Date.UTC(2026, 6, 1, 21) / 1000; // 17:00 EDT
    expect(scheduleWindowActivity(w, now).active).toBe(false);

    // act
    w.end = "0 18 * * 1-5";

    // assert
    expect(scheduleWindowActivity(w, now)).toEqual(
      on(Date.UTC(2026, 6, 1, 13) / 1000, Date.UTC(2026, 6, 1, 22) / 1000),
    );
  });

  const localWeekdayHour = new Intl.DateTimeFormat("en-US", {
    timeZone: NY,
    weekday: "short",
    hour: "numeric",
    hourCycle: "h23",
  });
  /** Brute force: open Monday to Friday, 09:00 <= local time < 16:00, read off the wall clock. */
  const marketOpenAt = (now: number): boolean => {
    const parts = localWeekdayHour.formatToParts(new Date(now * 1000));
    const weekday = parts.find((p) => p.type === "weekday")?.value ?? "";
    const hour = Number(parts.find((p) => p.type === "hour")?.value);
    return ["Mon", "Tue", "Wed", "Thu", "Fri"].includes(weekday) && hour >= 9 && hour < 16;
  };
  const start2026 = Date.UTC(2026, 0, 1) / 1000;
  const end2026 = Date.UTC(2027, 0, 1) / 1000;

  it("agrees with the local wall clock (Intl) at random instants of 2026, DST included", () => {
    const w = marketHours();
    fc.assert(
      fc.property(fc.double({ min: start2026, max: end2026, noNaN: true }), (now) => {
        // act
        const activity = scheduleWindowActivity(w, now);

        // assert
        expect(activity.active).toBe(marketOpenAt(now));
        if (activity.active) {
          expect(activity.since).not.toBeNull();
          expect(activity.since!).toBeLessThanOrEqual(now);
          expect(activity.until!).toBeGreaterThan(now);
          // No New York DST change falls inside weekday market hours: every session lasts 7 real hours.
          expect(activity.until! - activity.since!).toBe(7 * 3600);
        } else {
          expect(activity.nextStart!).toBeGreaterThan(now);
          expect(marketOpenAt(activity.nextStart!)).toBe(true);
          expect(marketOpenAt(activity.nextStart! - 1)).toBe(false);
        }
      }),
      { numRuns: 300 },
    );
  });

  it("agrees with the local wall clock on a 7-minute sweep through both DST change weeks", () => {
    // arrange
    const w = marketHours();
    const weeks = [Date.UTC(2026, 2, 5) / 1000, Date.UTC(2026, 9, 29) / 1000];

    for (const from of weeks) {
      for (let now = from; now < from + 7 * 86_400; now += 7 * 60) {
        // act
        const active = scheduleWindowActivity(w, now).active;

        // assert
        if (active !== marketOpenAt(now)) expect({ now, active }).toEqual({ now, active: marketOpenAt(now) });
      }
    }
  });
});

describe("scheduleWindowSpan", () => {
  it("gives the activity scheduleWindowActivity gives at every instant of its span, and the span holds now", () => {
    // arrange: market hours, a window with a lead, and one of a fixed duration, sampled over a fortnight
    const windows = [
      marketHours(),
      marketHours({ ready_at_start: true, lead_time_s: 600 }),
      windowOf({ start: "30 1 * * *", duration_s: 5400, timezone: NY }),
    ];
    const from = Date.UTC(2026, 2, 2) / 1000;
    fc.assert(
      fc.property(
        fc.constantFrom(...windows),
        fc.double({ min: 0, max: 14 * 86_400, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (window, offset, fraction) => {
          // act
          const now = from + offset;
          const span = scheduleWindowSpan(window, now);
          const later = span.from + (Math.min(span.until, now + 30 * 86_400) - span.from) * fraction;

          // assert
          expect(span.activity).toEqual(scheduleWindowActivity(window, now));
          expect(span.from <= now && (now < span.until || span.until === now)).toBe(true);
          if (later >= span.from && later < span.until)
            expect(scheduleWindowActivity(window, later)).toEqual(span.activity);
        },
      ),
      { numRuns: 300 },
    );
  });
});
