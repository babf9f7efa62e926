import { describe, expect, it } from "vitest";
import type { Forecast } from "../../../shared/forecast/Forecast";
import { forecastFloor } from "../../../shared/forecast/forecastFloor";
import { forecastReplicasAt } from "../../../shared/forecast/forecastReplicasAt";
import { replicasForLoad } from "../../../shared/forecast/replicasForLoad";

const forecast: Forecast = {
  madeAt: 1000,
  startS: 900,
  stepS: 300,
  // slots start at 900, 1200, 1500, 1800, 2100
  values: [3, 4, 9, 0, 2.0000000001],
  recentRatio: 1,
  historyS: 86_400,
  timezone: "UTC",
};

describe("forecastReplicasAt", () => {
  it.each([
    ["the peak over the slot of at and one either side", { at: 1000 }, 2],
    ["a burst starting just after at", { at: 1201 }, 5],
    ["only at's own slot with no window", { at: 1250, behindS: 0, aheadS: 0 }, 2],
    ["a wider look ahead", { at: 900, aheadS: 600 }, 5],
    ["the last slot, with no spurious extra replica from rounding", { at: 2200, behindS: 0 }, 1],
    ["a window partly past the end", { at: 2300 }, 1],
    ["an instant past the forecast", { at: 2400 + 301 }, null],
    ["an instant long before the forecast", { at: 0 }, null],
  ])("gives %s", (_name, args, expected) => {
    expect(forecastReplicasAt({ forecast, targetOngoingRequests: 2, ...args })).toBe(expected);
  });

  it("gives no floor without a forecast", () => {
    expect(forecastReplicasAt({ forecast: null, at: 1000, targetOngoingRequests: 2 })).toBeNull();
  });

  it.each([0, -1, Number.NaN])("refuses target %d", (target) => {
    expect(() => forecastReplicasAt({ forecast, at: 1000, targetOngoingRequests: target })).toThrow(
      RangeError,
    );
  });
});

describe("replicasForLoad", () => {
  it.each([
    [0, 0],
    [0.1, 1],
    [10, 1],
    [10.1, 2],
    [20.0000000001, 2],
    [-3, 0],
  ])("sizes a load of %d at 10 per replica as %i replicas (rounded up)", (load, expected) => {
    expect(replicasForLoad(load, 10)).toBe(expected);
  });
});

describe("forecastFloor", () => {
  it.each([
    [3, null, 3],
    [3, 5, 5],
    [5, 3, 5],
    [0, 0, 0],
  ])("with reactive %i and forecast %s decides %i", (reactive, forecastReplicas, expected) => {
    expect(forecastFloor({ reactive, forecastReplicas })).toBe(expected);
  });
});
