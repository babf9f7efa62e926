import { describe, expect, it } from "vitest";
import { DEFAULT_FORECAST_OPTIONS } from "../../../shared/forecast/Forecast";
import { localTimeReader } from "../../../shared/forecast/localTime";
import { recentRatio } from "../../../shared/forecast/recentRatio";
import { buildSeasonalIndex } from "../../../shared/forecast/SeasonalIndex";
import { DAY, MONDAY, series } from "./historyFixtures";

const HOUR = 3600;
const now = MONDAY + 3 * DAY + 14 * HOUR;
const localTime = localTimeReader("UTC");

/** The ratio at `now` when the history is a flat 10 and the last hour ran at `factor` times it. */
function ratioFor(factor: number, options = DEFAULT_FORECAST_OPTIONS): number {
  const load = (t: number) => 10 * (t >= now - HOUR ? factor : 1);
  const index = buildSeasonalIndex({ history: series(MONDAY, now, load), now, stepS: 300, localTime });
  return recentRatio({ index, now, localTime, options });
}

describe("recentRatio", () => {
  it.each([
    ["1 for an hour like the history", 1, 1],
    ["1 inside the dead band, up (a burst)", 1.9, 1],
    ["1 inside the dead band, down (a lull)", 0.55, 1],
    ["the ratio at the band's edge and beyond, up", 2, 2],
    ["the ratio beyond the band, down (a holiday)", 0.3, 0.3],
    ["at most maxRecentRatio", 9, 4],
    ["at least minRecentRatio", 0.05, 0.25],
  ])("gives %s", (_name, factor, expected) => {
    expect(ratioFor(factor)).toBeCloseTo(expected, 9);
  });

  it("applies every ratio with a dead band of 1 (no band)", () => {
    expect(ratioFor(1.3, { ...DEFAULT_FORECAST_OPTIONS, recentDeadBand: 1 })).toBeCloseTo(1.3, 9);
  });

  it("gives 1 when the history forecasts under minRecentBaseline for the hour", () => {
    const quiet = (t: number) => (t >= now - HOUR ? 0.9 : 0.1);
    const index = buildSeasonalIndex({ history: series(MONDAY, now, quiet), now, stepS: 300, localTime });
    expect(recentRatio({ index, now, localTime, options: DEFAULT_FORECAST_OPTIONS })).toBe(1);
  });
});
