import { describe, expect, it } from "vitest";
import { loadHistoryMetric } from "../../shared/observability/loadHistoryMetric";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import type { RatePoint } from "../../sim/traces/Trace";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

const DAY = 86_400;
const BURST_S = 10 * 3600; // 10:00 UTC each day, for 30 minutes
// 2 requests/s of 1 s (2 ongoing: 1 replica) all day; 30 requests/s (30 ongoing: 3 replicas) in the burst.
const rate: RatePoint[] = [];
for (let d = 0; d < 2; d++) {
  const at = d * DAY;
  rate.push(
    { t: at, rps: 2 },
    { t: at + BURST_S, rps: 2 },
    { t: at + BURST_S, rps: 30 },
    { t: at + BURST_S + 1800, rps: 30 },
    { t: at + BURST_S + 1800, rps: 2 },
    { t: at + DAY, rps: 2 },
  );
}
const trace = tinyTrace(rate, 2 * DAY, fixedStage());

describe("the forecast floor in the simulator", () => {
  it("forecasts hourly from the Load the simulated CloudWatch kept, and raises ahead of day 2's burst", async () => {
    // arrange: upscale_delay_s 0 would react at once; 120 s keeps the reactive raise late
    const policies = resolveSimPolicies(
      rayFields({ upscale_delay_s: 120, predictive: { mode: "forecast_and_scale", lead_time_s: 300 } }),
      trace,
    );
    if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
    const driftless = new DriftlessAutoscaler("driftless:p", "p", policies.bodies, policies.resolved, {
      alarms: false,
    });

    // act
    await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);

    // assert: history is driftless's own Load metric, one Average per minute
    const id = policies.resolved[0]!.target!.service;
    const history = await driftless.loadHistory.read({
      metric: loadHistoryMetric({ targetId: id }),
      now: trace.start + 2 * DAY,
      historyDays: 14,
    });
    expect(history.length).toBeGreaterThan(2 * 1440 - 10);
    expect(history.every((p) => p.t % 60 === 0)).toBe(true);
    // no floor before 24 h of history; every decision after the first forecast carries one
    const records = driftless.log.records;
    const floored = records.filter((r) => r.forecast !== undefined);
    expect(floored.length).toBeGreaterThan(0);
    expect(Math.min(...floored.map((r) => r.at))).toBeGreaterThanOrEqual(trace.start + DAY);
    expect(Math.min(...floored.map((r) => r.forecast!.madeAt))).toBeGreaterThanOrEqual(trace.start + DAY);
    // day 2: the floor raises to 3 a lead time before the burst, naming the forecast
    const burst = trace.start + DAY + BURST_S;
    const early = records.find((r) => r.at > burst - 1200 && r.direction === "up");
    expect(early?.at).toBeLessThan(burst);
    expect(early?.at).toBeGreaterThanOrEqual(burst - 300 - 20);
    expect(early?.reason).toMatch(/^scale up 1 -> 3: forecast needs 3 replicas/);
    expect(driftless.errors).toEqual([]);
  }, 60_000);
});
