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
});
