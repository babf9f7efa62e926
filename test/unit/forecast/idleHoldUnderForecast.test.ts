import { describe, expect, it } from "vitest";
import { idleHoldUnderForecast } from "../../../shared/forecast/idleHoldUnderForecast";

const floor = (acts: boolean) => ({ replicas: 2, at: 1300, madeAt: 900, risenAt: 1000, acts });

describe("idleHoldUnderForecast", () => {
  it.each([
    ["keeps instance_idle_s without a forecast", undefined, 300],
    ["keeps instance_idle_s under a forecast_only floor (it never acts)", floor(false), 300],
    ["keeps none while a forecast_and_scale floor acts", floor(true), 0],
  ])("%s", (_name, forecast, expected) => {
    expect(idleHoldUnderForecast({ instanceIdleS: 300, forecast })).toBe(expected);
  });
});
