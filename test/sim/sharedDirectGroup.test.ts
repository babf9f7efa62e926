import { describe, expect, it } from "vitest";
import { DirectCapacity } from "../../sim/capacity/DirectCapacity";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { SIM_GROUP } from "../../sim/driftless/simMetricNames";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import type { Trace } from "../../sim/traces/Trace";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

// Two pipeline stages on one GPU group of 2-GPU instances: a 1-GPU stage and a 2-GPU stage. Quiet, then
// 25 requests/s of 1 s each: each stage wants 3 replicas.
const base = tinyTrace(
  [
    { t: 0, rps: 0.5 },
    { t: 600, rps: 0.5 },
    { t: 600, rps: 25 },
    { t: 2400, rps: 25 },
  ],
  2400,
);
const trace: Trace = {
  ...base,
  name: "tiny-pipeline",
  stages: [fixedStage({ name: "embed", gpusPerReplica: 1 }), fixedStage({ name: "llm", gpusPerReplica: 2 })],
  instance: { ...base.instance, gpus: 2 },
};

describe("a pipeline whose stages share one Auto Scaling group in capacity mode direct", () => {
  it.each([{ mode: "direct" }, { mode: "auto" }])(
    "(mode $mode) sets the group once per round for both stages' tasks, and both stages serve",
    async ({ mode }) => {
      const policy = rayFields({
        upscale_delay_s: 0,
        target: { cluster: "gpu", service: "stage", capacity: { mode, auto_scaling_group: "gpu-asg" } },
      });
      const policies = resolveSimPolicies(policy, trace);
      if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
      const driftless = new DriftlessAutoscaler(
        "driftless:test",
        "test",
        policies.bodies,
        policies.resolved,
        {
          alarms: false,
        },
      );
      expect(driftless.capacity(trace)).toBeInstanceOf(DirectCapacity);
      const result = await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);

      expect(driftless.errors).toEqual([]);
      const shared = driftless.log.records.filter((r) =>
        r.reason.includes(`Auto Scaling group ${SIM_GROUP} shared:`),
      );
      expect(new Set(shared.map((r) => r.targetId)).size).toBe(2);
      // Every plan sums both stages: 1-GPU tasks fill what 2-GPU tasks leave, two to an instance.
      for (const r of shared) {
        const m = /shared: (\d+) instances for (\d+) tasks \(\S+ (\d+) \+ \S+ (\d+)\)/.exec(r.reason);
        expect(m).not.toBeNull();
        const [instances, sum, embed, llm] = m!.slice(1).map(Number) as [number, number, number, number];
        expect(sum).toBe(embed + llm);
        // Tasks still present, or idle instances kept (instance_idle_s), hold the group above what the sum needs.
        if (!/kept for|instances kept \(/.test(r.reason)) expect(instances).toBe(llm + Math.ceil(embed / 2));
      }
      // One controller per round: both stages' reasons of a round name the same one, and no round sets it twice.
      const setBy = new Map<number, Set<string>>();
      for (const r of shared)
        setBy.set(r.at, (setBy.get(r.at) ?? new Set()).add(/set by (\S+)\]/.exec(r.reason)![1]!));
      expect([...setBy.values()].every((by) => by.size === 1)).toBe(true);
      expect(driftless.usage().calls["AutoScaling:SetDesiredCapacity"] ?? 0).toBeLessThanOrEqual(
        driftless.rounds,
      );
      // Both stages got their replicas serving during the burst.
      const counts = result.world.services.map((s) => s.counts());
      expect(counts.map((c) => c.running)).toEqual([3, 3]);
      // 3 two-GPU tasks and 3 one-GPU tasks on 2-GPU instances: 5 instances, none more.
      expect(result.world.pool.live).toBe(5);
    },
  );
});
