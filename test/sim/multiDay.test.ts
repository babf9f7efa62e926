import { describe, expect, it } from "vitest";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { FixedFleet } from "../../sim/peers/FixedFleet";
import { summarizeRun } from "../../sim/report/summarizeRun";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { marketHoursTrace } from "../../sim/traces/marketHoursTrace";
import { rayFields } from "./simFixtures";

const queriesOfDay = (rate: readonly { t: number; rps: number }[], day: number) =>
  rate
    .filter((p, i) => i % 2 === 0 && p.t >= day * 86400 && p.t < (day + 1) * 86400)
    .reduce((n, p) => n + p.rps * 60, 0);

describe("multi-day market-hours", () => {
  it("keeps the first day whatever the length, draws each weekday's bursts, and quiets weekends", () => {
    const one = marketHoursTrace(1);
    const many = marketHoursTrace(1, 7);
    expect(many.durationS).toBe(7 * 86400);
    expect(many.rate.slice(0, one.rate.length)).toEqual(one.rate);
    // 2 June 2026 is a Tuesday: days 4 and 5 are Saturday and Sunday.
    const days = Array.from({ length: 7 }, (_, d) => queriesOfDay(many.rate, d));
    for (const d of [0, 1, 2, 3, 6]) expect(days[d]).toBeCloseTo(10_000, 6);
    for (const d of [4, 5]) expect(days[d]).toBeCloseTo(500, 6);
    // Weekdays differ from each other (their own bursts), and the open burst is on every one of them.
    const dayRates = (d: number) =>
      many.rate.filter((p) => p.t >= d * 86400 && p.t < (d + 1) * 86400).map((p) => p.rps);
    expect(dayRates(1)).not.toEqual(dayRates(0));
    for (const d of [0, 1, 2, 3, 6]) expect(many.onsets).toContain(d * 86400 + 9.5 * 3600);
    expect(many.onsets.some((o) => o >= 4 * 86400 && o < 6 * 86400)).toBe(false);
  });

  it("measures only requests arriving, and GPU-hours accrued, from measureFromS on", async () => {
    const trace = { ...marketHoursTrace(1, 2), measureFromS: 86400 };
    const workload = generateWorkload(trace, 1);
    const policy = resolveSimPolicies(rayFields(), trace);
    if (!policy.ok) throw new Error("invalid");
    const summary = summarizeRun(
      await runSimulation(trace, workload, new FixedFleet(policy.resolved), 1),
    ).summary;
    const later = workload.arrivals.filter((t) => t >= 86400).length;
    expect(summary.requests).toBe(later);
    expect(summary.measuredFromS).toBe(86400);
    // The fixed fleet's 4 GPUs for the second day only.
    expect(summary.gpuHours).toBeCloseTo(4 * 24, 1);
  });
});
