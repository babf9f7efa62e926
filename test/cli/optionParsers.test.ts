import { describe, expect, it } from "vitest";
import { integerOption, parseSince } from "../../cli/optionParsers";

describe("integerOption", () => {
  it.each(["abc", "", "1.5", "-1", "0x10x", "1001"])("refuses %j", (value) => {
    expect(() => integerOption(0, 1000)(value)).toThrow(/expected a whole number from 0 to 1000/);
  });
  it.each([
    ["0", 0],
    ["7", 7],
    ["1000", 1000],
  ])("accepts %s", (value, n) => {
    expect(integerOption(0, 1000)(value)).toBe(n);
  });
});

describe("parseSince", () => {
  const now = 1_800_000_000;
  it.each([
    ["90s", now - 90],
    ["15m", now - 900],
    ["2h", now - 7200],
    ["1d", now - 86_400],
    ["2026-12-01T09:30:00Z", Date.parse("2026-12-01T09:30:00Z") / 1000],
  ])("%s", (value, at) => {
    expect(parseSince(value, now)).toBe(at);
  });
  it.each(["yesterday", "15", "m15", "2026-13-45"])("refuses %j", (value) => {
    expect(() => parseSince(value, now)).toThrow(/--since: expected a duration/);
  });
});
