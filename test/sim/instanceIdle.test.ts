import { describe, expect, it } from "vitest";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { rayFields, tinyTrace } from "./simFixtures";

/** 25 requests/s of 1 s each (3 replicas, 3 one-GPU instances) for 600 s, quiet for `quietS`, then again. */
function burstGapBurst(quietS: number) {
  const back = 600 + quietS;
  return tinyTrace(
    [
      { t: 0, rps: 25 },
      { t: 600, rps: 25 },
      { t: 600, rps: 0.5 },
      { t: back, rps: 0.5 },
      { t: back, rps: 25 },
      { t: back + 600, rps: 25 },
    ],
    back + 600,
  );
}

async function simulate(quietS: number, capacity: Record<string, unknown> = {}) {
  const trace = burstGapBurst(quietS);
  const policy = rayFields({
    upscale_delay_s: 0,
    downscale_delay_s: 0,
    target: {
      cluster: "gpu",
      service: "svc",
      capacity: { mode: "direct", auto_scaling_group: "gpu-asg", ...capacity },
    },
  });
  const policies = resolveSimPolicies(policy, trace);
  if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
  const driftless = new DriftlessAutoscaler("driftless:test", "test", policies.bodies, policies.resolved, {
    alarms: false,
  });
  const result = await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);
  expect(driftless.errors).toEqual([]);
  // When each instance stopped being billed (null: it ran to the end).
  const ends = result.world.pool.instances.flatMap((i) => i.runs.map((r) => r.to));
  const keptAt = driftless.log.records.find((r) => r.reason.includes("instances kept"))?.at ?? null;
  return { start: trace.start, ends, keptAt, records: driftless.log.records };
}

describe("instances the tasks no longer need, simulated in capacity mode direct", () => {
  it("keeps an idle instance through a 200 s gap (the default instance_idle_s 300), where 0 lets it go", async () => {
    const kept = await simulate(200);
    const gap = { from: kept.start + 600, to: kept.start + 800 };
    expect(kept.keptAt).not.toBeNull();
    // No instance stopped between the first burst and the second: the second finds them running.
    expect(kept.ends.length).toBeGreaterThanOrEqual(3);
    expect(kept.ends.filter((to) => to !== null && to < gap.to + 60)).toEqual([]);

    const lowered = await simulate(200, { instance_idle_s: 0 });
    expect(lowered.ends.filter((to) => to !== null && to >= gap.from && to < gap.to).length).toBeGreaterThan(
      0,
    );
  });

  it("releases the idle instances once instance_idle_s 300 has passed since the plan first wanted fewer", async () => {
    const run = await simulate(1800);
    const keptAt = run.keptAt!;
    const released = run.ends.filter((to): to is number => to !== null && to < run.start + 2400);
    expect(released.length).toBe(2);
    // Lowered at the first round (every 10 s) at or after 300 s; the instance stops soon after.
    for (const to of released) {
      expect(to).toBeGreaterThanOrEqual(keptAt + 300);
      expect(to).toBeLessThan(keptAt + 300 + 30);
    }
    expect(run.records.some((r) => r.reason.includes("lowered to 1 instances"))).toBe(true);
  });
});
