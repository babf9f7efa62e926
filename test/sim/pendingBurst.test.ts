import { describe, expect, it } from "vitest";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

// Quiet, then 25 requests/s at 600 s (3 replicas at target 10), growing to 60/s at 700 s while the
// first replicas still boot (instance 200 s + model load 60 s): a burst during pending.
const trace = tinyTrace(
  [
    { t: 0, rps: 0.5 },
    { t: 600, rps: 0.5 },
    { t: 600, rps: 25 },
    { t: 700, rps: 25 },
    { t: 700, rps: 60 },
    { t: 1800, rps: 60 },
  ],
  1800,
  fixedStage(),
);

async function decisions(pending: Record<string, unknown>) {
  const policies = resolveSimPolicies(
    rayFields({ max_replicas: 10, downscale_delay_s: 3600, pending }),
    trace,
  );
  if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
  const driftless = new DriftlessAutoscaler("driftless:test", "test", policies.bodies, policies.resolved);
  await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);
  return driftless.log.records;
}

describe("a burst while replicas are still starting", () => {
  it("is not held by default: a second scale-up lands while the first replicas are pending", async () => {
    const records = await decisions({});
    const ups = records.filter((r) => r.direction === "up");
    expect(ups.length).toBeGreaterThanOrEqual(2);
    const duringPending = ups.filter((r) => r.pending > 0);
    expect(duringPending.length).toBeGreaterThanOrEqual(1);
    // It lands before the first replicas could have served (scale-up near 630 s + 260 s of start).
    expect(duringPending[0]!.at).toBeLessThan(trace.start + 890);
    expect(duringPending[0]!.desiredReplicas).toBeGreaterThanOrEqual(6);
    expect(records.some((r) => /still starting/.test(r.reason))).toBe(false);
  });

  it("is held with hold_scale_up: no scale-up while replicas are pending, each round says so", async () => {
    const records = await decisions({ hold_scale_up: true });
    const ups = records.filter((r) => r.direction === "up");
    expect(ups.filter((r) => r.pending > 0)).toEqual([]);
    expect(records.some((r) => r.pending > 0 && /still starting/.test(r.reason))).toBe(true);
  });
});
