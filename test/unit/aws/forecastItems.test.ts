import { describe, expect, it } from "vitest";
import { forecastItemKey, fromForecastItem, toForecastItem } from "../../../shared/aws/forecastItem";
import { targetIdProblem } from "../../../shared/engine/targetIdProblem";
import type { Forecast } from "../../../shared/forecast/Forecast";
import { InMemoryForecastStore } from "../../../shared/inMemory/InMemoryForecastStore";
import { InMemoryLoadHistory } from "../../../shared/inMemory/InMemoryLoadHistory";

const forecast: Forecast = {
  madeAt: 1000,
  startS: 900,
  stepS: 300,
  values: [1, 2.5, 0],
  recentRatio: 0.8,
  historyS: 90_000,
  timezone: "UTC",
};

describe("forecast items", () => {
  it("keys a forecast so that no target id can name it", () => {
    expect(forecastItemKey("llm")).toBe("forecast llm");
    expect(targetIdProblem(forecastItemKey("llm"))).toBeDefined();
  });

  it("round-trips a forecast", () => {
    expect(fromForecastItem(toForecastItem("llm", forecast))).toEqual({ targetId: "llm", forecast });
  });

  it.each([
    ["not an object", "x"],
    ["no target", { ...toForecastItem("llm", forecast), forecastOf: undefined }],
    ["a zero step", { ...toForecastItem("llm", forecast), stepS: 0 }],
    ["a negative load", { ...toForecastItem("llm", forecast), values: [1, -1] }],
    ["a string load", { ...toForecastItem("llm", forecast), values: [1, "2"] }],
    ["no values", { ...toForecastItem("llm", forecast), values: undefined }],
  ])("reads an item with %s as no forecast", (_name, item) => {
    expect(fromForecastItem(item)).toBeUndefined();
  });
});

describe("InMemoryForecastStore", () => {
  it("stores copies and reads many, leaving out targets without a forecast", async () => {
    const store = new InMemoryForecastStore();
    const mine = structuredClone(forecast);
    await store.put("a", mine);
    (mine.values as number[])[0] = 99;
    expect(await store.get("a")).toEqual(forecast);
    expect([...(await store.getMany(["a", "b"])).keys()]).toEqual(["a"]);
    expect(await store.get("b")).toBeUndefined();
  });
});

describe("InMemoryLoadHistory", () => {
  it("returns the metric's points of the last history_days strictly before now, sorted", async () => {
    const history = new InMemoryLoadHistory();
    const metric = {
      namespace: "Driftless",
      name: "Load",
      dimensions: { TargetId: "a" },
      statistic: "Average",
    };
    for (const t of [500, 100, 86_400 + 200, 86_400 + 100]) history.record(metric, { t, v: t });
    history.record({ ...metric, dimensions: { TargetId: "b" } }, { t: 300, v: 1 });
    const read = await history.read({ metric, now: 86_400 + 200, historyDays: 1 });
    expect(read.map((p) => p.t)).toEqual([500, 86_400 + 100]);
  });
});
