import { describe, expect, it } from "vitest";
import { localTimeReader, zoneOffsetS } from "../../../shared/forecast/localTime";

describe("localTimeReader", () => {
  it.each([
    ["UTC", Date.UTC(2026, 10, 2, 13, 30), { secondOfDay: 13.5 * 3600, weekday: 1 }],
    ["America/New_York", Date.UTC(2026, 9, 30, 13, 30), { secondOfDay: 9.5 * 3600, weekday: 5 }],
    ["America/New_York", Date.UTC(2026, 10, 2, 14, 30), { secondOfDay: 9.5 * 3600, weekday: 1 }],
    ["America/New_York", Date.UTC(2026, 10, 2, 3, 0), { secondOfDay: 22 * 3600, weekday: 0 }],
    ["Asia/Kolkata", Date.UTC(2026, 10, 2, 20, 0), { secondOfDay: 1.5 * 3600, weekday: 2 }],
  ])("places %s instant %i on the local calendar", (zone, ms, expected) => {
    expect(localTimeReader(zone)(ms / 1000)).toMatchObject(expected);
  });

  it("gives New York's offset on both sides of the 2026-11-01 change", () => {
    expect(zoneOffsetS("America/New_York", Date.UTC(2026, 10, 1, 5, 59) / 1000)).toBe(-4 * 3600);
    expect(zoneOffsetS("America/New_York", Date.UTC(2026, 10, 1, 6, 0) / 1000)).toBe(-5 * 3600);
  });

  it.each([
    [Date.UTC(2026, 10, 1, 5, 59), 1 * 3600 + 59 * 60], // 01:59 EDT
    [Date.UTC(2026, 10, 1, 6, 0), 1 * 3600], // 01:00 EST: the hour repeats
    [Date.UTC(2026, 2, 8, 6, 59), 1 * 3600 + 59 * 60], // 01:59 EST
    [Date.UTC(2026, 2, 8, 7, 0), 3 * 3600], // 03:00 EDT: the hour is skipped
  ])("reads New York's wall clock right at a DST change (%i)", (ms, secondOfDay) => {
    const read = localTimeReader("America/New_York");
    expect(read(ms / 1000).secondOfDay).toBe(secondOfDay);
  });
});
