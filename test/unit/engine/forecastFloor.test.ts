import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import type { ForecastStore } from "../../../shared/engine/ports/ForecastStore";
import type { Forecast } from "../../../shared/forecast/Forecast";
import { InMemoryForecastStore } from "../../../shared/inMemory/InMemoryForecastStore";
import { engineHarness, llmPolicy } from "./engineHarness";

/** A forecast made `ageS` before `now` expecting `load` ongoing requests over the next 48 h. */
function flatForecast(now: number, load: number, ageS = 60): Forecast {
  const madeAt = now - ageS;
  return {
    madeAt,
    startS: Math.floor(madeAt / 300) * 300,
    stepS: 300,
    values: Array.from({ length: 576 }, () => load),
    recentRatio: 1,
    historyS: 2 * 86_400,
    timezone: "UTC",
  };
}

/** A harness whose target "a" runs 2 replicas at 10 requests each (target 10: reactive holds at 2). */
async function harnessWith(mode: string, forecasts: ForecastStore) {
  const h = engineHarness();
  const deps = { ...h.deps, forecasts };
  h.policies.putRaw("a", llmPolicy("a", { predictive: { mode, lead_time_s: 300 } }));
  h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
  h.publish("a", 10, h.clock.now() - 30);
  return { h, deps };
}

describe("the engine's forecast floor", () => {
  it.each([
    ["forecast_and_scale raises to the stored forecast", "forecast_and_scale", 60, 60, 6, true],
    ["forecast_only records the floor without acting", "forecast_only", 60, 60, 2, false],
    ["a forecast older than a day gives no floor", "forecast_and_scale", 60, 86_401, 2, undefined],
    ["mode off reads no forecast", "off", 60, 60, 2, undefined],
  ] as const)("%s", async (_name, mode, load, ageS, desired, acts) => {
    const store = new InMemoryForecastStore();
    const { h, deps } = await harnessWith(mode, store);
    await store.put("a", flatForecast(h.clock.now(), load, ageS));
    const report = await evaluateRound(deps);
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(desired);
    const state = await h.states.get("a");
    expect(state?.lastDecision?.forecast?.acts).toBe(acts);
    if (acts !== undefined) expect(state?.lastDecision?.forecast?.replicas).toBe(6);
    expect(h.log.records.at(-1)?.forecast?.acts).toBe(acts);
  });

  it("reads every predictive target's forecast in one batched call, and none for targets with it off", async () => {
    const inner = new InMemoryForecastStore();
    const asked: string[][] = [];
    const store: ForecastStore = {
      get: (id) => inner.get(id),
      put: (id, f) => inner.put(id, f),
      getMany: (ids) => {
        asked.push([...ids]);
        return inner.getMany(ids);
      },
    };
    const { h, deps } = await harnessWith("forecast_and_scale", store);
    h.policies.putRaw("b", llmPolicy("b", { predictive: { mode: "forecast_only" } }));
    h.policies.putRaw("c", llmPolicy("c"));
    for (const id of ["b", "c"]) h.services.set("gpu", `llm-${id}`, { desired: 1, running: 1, pending: 0 });
    await evaluateRound(deps);
    expect(asked.map((ids) => [...ids].sort())).toEqual([["a", "b"]]);
  });

  it("goes on reactively when the forecasts cannot be read, reporting it for each predictive target", async () => {
    const failing: ForecastStore = {
      get: async () => undefined,
      put: async () => {},
      getMany: async () => {
        throw new Error("throttled");
      },
    };
    const { h, deps } = await harnessWith("forecast_and_scale", failing);
    const report = await evaluateRound(deps);
    expect(report.outcomes[0]?.status).toBe("decided");
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(2);
    expect(h.seen.errors.map(String)).toEqual(["Error: throttled"]);
  });

  it.each([
    ["a boot ahead (cold start + instance boot) without a warm pool", null, 6],
    ["a boot ahead when the warm pool is empty", 0, 6],
    ["a restart ahead (cold start + instance restart) while the warm pool holds instances", 4, 2],
  ])("reads the floor %s", async (_name, stopped, desired) => {
    const h = engineHarness();
    const now = h.clock.now();
    const capacity = {
      mode: "direct",
      auto_scaling_group: "gpu-asg",
      instance_boot_s: 300,
      instance_restart_s: 30,
    };
    const target = { cluster: "gpu", service: "llm-a", cold_start_s: 60, capacity };
    h.policies.putRaw("a", llmPolicy("a", { target, predictive: { mode: "forecast_and_scale" } }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 10, now - 30);
    const warmPool = {
      poolState: "Stopped",
      stopped: stopped ?? 0,
      running: 0,
      hibernated: 0,
      preparing: 0,
      reuseOnScaleIn: true,
    };
    h.capacity.groups.set("gpu-asg", {
      min: 0,
      max: 8,
      desired: 2,
      inService: 2,
      ...(stopped === null ? {} : { warmPool }),
    });
    // 20 requests (2 replicas) until the slot holding now + 360 s, then 60 (6 replicas).
    const forecast = flatForecast(now, 20);
    const burstFrom = Math.floor((now + 360 - forecast.startS) / 300);
    expect(Math.floor((now + 90 - forecast.startS) / 300)).toBeLessThan(burstFrom);
    const store = new InMemoryForecastStore();
    await store.put("a", { ...forecast, values: forecast.values.map((v, i) => (i >= burstFrom ? 60 : v)) });
    const report = await evaluateRound({ ...h.deps, forecasts: store });
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(desired);
  });
});
