import { describe, expect, it } from "vitest";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

// Quiet for 10 minutes, then 25 requests/s of 1 s each: 25 ongoing, 3 replicas at target 10.
const trace = tinyTrace(
  [
    { t: 0, rps: 0.5 },
    { t: 600, rps: 0.5 },
    { t: 600, rps: 25 },
    { t: 1800, rps: 25 },
  ],
  1800,
  fixedStage(),
);

async function run(extra: Record<string, unknown> = {}, alarms = true) {
  const policies = resolveSimPolicies(rayFields({ downscale_delay_s: 3600, ...extra }), trace);
  if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
  const driftless = new DriftlessAutoscaler("driftless:test", "test", policies.bodies, policies.resolved, {
    alarms,
  });
  const result = await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);
  return { driftless, world: result.world };
}

describe("the simulator drives driftless's real engine", () => {
  it("records the engine's decisions: a round every 10 s, each with decide's reason and the state it wrote", async () => {
    const { driftless, world } = await run({}, false);
    const records = driftless.log.records;
    // 30 minutes of tick invocations (about 6 rounds each), and nothing else without alarms.
    const during = records.filter((r) => r.at < world.end);
    expect(during.length).toBeGreaterThanOrEqual(170);
    expect(during.length).toBeLessThanOrEqual(181);
    const gaps = records.slice(1).map((r, i) => r.at - records[i]!.at);
    expect(Math.max(...gaps)).toBeLessThan(20);
    expect(records.every((r) => r.reason.length > 0 && r.trace.length > 0)).toBe(true);
    const up = records.find((r) => r.direction === "up")!;
    expect(up.reason).toMatch(/scale up 1 -> 3: 3 wanted for 3\d(\.\d+)? s >= upscale_delay_s 30/);
    // The engine's UpdateService calls are what moved the simulated service.
    expect(world.decisions.map((d) => d.to)).toEqual([3]);
    expect(driftless.services.calls.map((c) => c.desired)).toEqual([3]);
    const state = await driftless.states.get("tiny-svc");
    expect(state?.target).toBe(3);
    expect(state?.version).toBeGreaterThan(records.length);
    expect(driftless.errors).toEqual([]);
  });

  it("with the alarm path, the scale-up lands exactly when the delay elapses on the metric timeline", async () => {
    const { driftless } = await run();
    const up = driftless.log.records.find((r) => r.direction === "up")!;
    // The 30 s mean of the datapoints (0.5 ongoing, then about 25 from 600) passes 10, one replica's
    // worth, once about 12 s of the window are in the burst (as Ray's controller would see it); the
    // delay elapses 30 s after that, and the alarm path decides right then.
    expect(up.intendedAt! - trace.start).toBeGreaterThan(640);
    expect(up.intendedAt! - trace.start).toBeLessThan(645);
    expect(up.at).toBe(up.intendedAt);
    expect(up.latenessMs).toBe(0);
    expect(driftless.usage().notes[0]).toMatch(/[1-9]\d* alarm invocations/);
  });

  it("counts the control plane's calls as the AWS adapters would make them", async () => {
    const { driftless } = await run({}, false);
    const usage = driftless.usage();
    const rounds = driftless.log.records.length;
    expect(usage.calls["CloudWatch:GetMetricData"]).toBe(rounds);
    expect(usage.calls["ECS:DescribeServices"]).toBe(rounds);
    expect(usage.calls["DynamoDB:PutItem"]).toBe(rounds);
    expect(usage.calls["ECS:UpdateService"]).toBe(1);
    // Ongoing requests and the queue (backlog): two metrics per read.
    expect(usage.metricsRequested).toBe(2 * rounds);
    // A tick a minute with 5 or 6 rounds (the run goes on until the last requests finish).
    expect(usage.lambdaInvocations).toBeGreaterThanOrEqual(Math.floor(rounds / 6));
    expect(usage.lambdaInvocations).toBeLessThanOrEqual(Math.ceil(rounds / 5));
  });
});
