import { describe, expect, it } from "vitest";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { PEER_NAMES } from "../../sim/peers/createPeers";
import type { RunSummary } from "../../sim/report/RunResult";
import { runComparison } from "../../sim/runComparison";
import { runSimulation } from "../../sim/runSimulation";
import { flashCrowdTrace } from "../../sim/traces/flashCrowdTrace";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { LLM_STAGE } from "../../sim/traces/llmStage";
import { rayFields } from "./simFixtures";

// The flash crowd, cut to its first hour: quiet, then 10x within 30 s.
const trace = { ...flashCrowdTrace(), durationS: 3600 };
const policy = rayFields({
  smoothing_factor: 0.5,
  target: { cluster: "c", service: "s", capacity: { mode: "managed" } },
});
const withoutWallTime = (s: RunSummary) => ({ ...s, wallMs: 0 });

describe("determinism", () => {
  it("gives the same figures for the same seed, every policy and peer included", async () => {
    const once = await runComparison(trace, [{ name: "p", policy }], { seed: 7, peers: PEER_NAMES });
    const again = await runComparison(trace, [{ name: "p", policy }], { seed: 7, peers: PEER_NAMES });
    if (!once.ok || !again.ok) throw new Error("invalid policy");
    expect(once.results.map((r) => withoutWallTime(r.summary))).toEqual(
      again.results.map((r) => withoutWallTime(r.summary)),
    );
    expect(once.results.map((r) => r.series)).toEqual(again.results.map((r) => r.series));
  });

  it("gives the same engine decisions, to the millisecond, for the same seed", async () => {
    const run = async (seed: number) => {
      const p = resolveSimPolicies(policy, trace);
      if (!p.ok) throw new Error("invalid policy");
      const d = new DriftlessAutoscaler("d", "d", p.bodies, p.resolved);
      await runSimulation(trace, generateWorkload(trace, seed), d, seed);
      return d.log.records.map((r) => [r.at, r.desiredReplicas, r.reason, r.intendedAt]);
    };
    const a = await run(11);
    expect(a.length).toBeGreaterThan(300);
    expect(await run(11)).toEqual(a);
    expect(await run(12)).not.toEqual(a);
  });

  it("draws the same workload for the same seed and another one for another seed", () => {
    const a = generateWorkload(trace, 5);
    expect(generateWorkload(trace, 5)).toEqual(a);
    expect(generateWorkload(trace, 6).arrivals).not.toEqual(a.arrivals);
    // Common random numbers: the per-request work is drawn with the arrivals, not during a run.
    expect(a.serviceS[0]!.length).toBe(a.arrivals.length);
    const mean = a.serviceS[0]!.reduce((s, v) => s + v, 0) / a.arrivals.length;
    expect(Math.abs(mean - LLM_STAGE.service.meanS) / LLM_STAGE.service.meanS).toBeLessThan(0.1);
  });
});
