import { describe, expect, it } from "vitest";
import type { Forecast } from "../../../shared/forecast/Forecast";
import { predictiveFloor } from "../../../shared/forecast/predictiveFloor";
import type { ResolvedPredictive } from "../../../shared/policy/PredictiveSchema";

const forecast: Forecast = {
  madeAt: 10_000,
  startS: 9_900,
  stepS: 300,
  // a burst of 30 in the slot starting at 9_900 + 4 * 300 = 11_100
  values: [8, 8, 8, 8, 30, 8, 8, 8],
  recentRatio: 1,
  historyS: 86_400,
  timezone: "UTC",
};
const predictive = (mode: ResolvedPredictive["mode"], leadTimeS = 900): ResolvedPredictive => ({
  mode,
  historyDays: 14,
  leadTimeS,
  warmLeadTimeS: Math.max(0, leadTimeS - 600),
  timezone: "UTC",
});

describe("predictiveFloor", () => {
  it.each([
    [
      "acts on the burst a lead time ahead",
      "forecast_and_scale",
      10_200,
      forecast,
      { at: 11_100, forecastReplicas: 3, acts: true },
    ],
    [
      "reports without acting in forecast_only",
      "forecast_only",
      10_200,
      forecast,
      { forecastReplicas: 3, acts: false },
    ],
    ["gives nothing with mode off", "off", 10_200, forecast, { forecastReplicas: null, acts: false }],
    [
      "gives nothing without a forecast",
      "forecast_and_scale",
      10_200,
      undefined,
      { forecastReplicas: null, acts: false },
    ],
    [
      "refuses a forecast made after now",
      "forecast_and_scale",
      9_999,
      forecast,
      { forecastReplicas: null, acts: false },
    ],
    [
      "refuses a forecast older than a day",
      "forecast_and_scale",
      10_000 + 86_401,
      forecast,
      { forecastReplicas: null, acts: false },
    ],
    [
      "gives nothing past the forecast's end",
      "forecast_and_scale",
      12_600,
      forecast,
      { forecastReplicas: null, acts: false },
    ],
  ] as const)("%s", (_name, mode, now, stored, expected) => {
    expect(
      predictiveFloor({ forecast: stored, now, predictive: predictive(mode), targetOngoingRequests: 10 }),
    ).toMatchObject(expected);
  });

  it("sizes for the quiet slot when the lead is short, so the burst is not pre-warmed too early", () => {
    const floor = predictiveFloor({
      forecast,
      now: 10_200,
      predictive: predictive("forecast_and_scale", 0),
      targetOngoingRequests: 10,
    });
    expect(floor).toEqual({ at: 10_200, forecastReplicas: 1, acts: true, madeAt: 10_000, risenAt: 10_200 });
  });

  it.each([
    ["the lead (cold start + boot) without a warm pool", false, 11_100, 3],
    ["the warm lead (cold start + restart) while the warm pool holds instances", true, 10_500, 1],
  ])("reads the floor at %s", (_name, warmPoolReady, at, replicas) => {
    const floor = predictiveFloor({
      forecast,
      now: 10_200,
      predictive: predictive("forecast_and_scale", 900),
      targetOngoingRequests: 10,
      warmPoolReady,
    });
    expect(floor).toMatchObject({ at, forecastReplicas: replicas });
  });

  it.each([
    ["when the burst's slot came within the lead time", 10_600, 600, 3, 10_500],
    ["no earlier than the forecast was made", 10_050, 1_150, 3, 10_000],
  ])("dates the floor's rise %s", (_name, now, leadTimeS, replicas, risenAt) => {
    const floor = predictiveFloor({
      forecast,
      now,
      predictive: predictive("forecast_and_scale", leadTimeS),
      targetOngoingRequests: 10,
    });
    expect(floor).toMatchObject({ forecastReplicas: replicas, risenAt });
  });
});
