import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { engineHarness, llmPolicy } from "./engineHarness";

const DIRECT = {
  cluster: "gpu",
  service: "llm-a",
  capacity: { auto_scaling_group: "gpu-asg", gpus_per_instance: 1, mode: "direct" },
};

describe("shadow mode", () => {
  it("decides and records as if live, but calls nothing on ECS or Auto Scaling", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0, shadow: true, target: DIRECT }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 10, desired: 2, inService: 2 });
    h.publish("a", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(h.services.calls).toEqual([]);
    expect(h.capacity.calls).toEqual([]);
    expect(report.actions).toBe(0);
    const record = report.outcomes[0]?.record;
    expect(record?.desiredReplicas).toBe(6);
    expect(record?.acted).toBe(false);
    expect(record?.reason).toMatch(/^scale up 2 -> 6: .* \[shadow: would set 6, service has 2\]$/);
    const state = await h.states.get("a");
    expect(state?.target).toBe(6);
    expect(state?.lastDecision?.heldBy).toBe("shadow");
    expect(h.log.records.map((r) => r.desiredReplicas)).toEqual([6]);
  });

  it("keeps its own decided target (delays and limits run on it) and never restores the count another autoscaler set", async () => {
    const h = engineHarness();
    const policy = llmPolicy("a", { upscale_delay_s: 0, limits: { max_step_up: 2 }, shadow: true });
    h.policies.putRaw("a", policy);
    const targets: number[] = [];
    for (let round = 0; round < 3; round++) {
      // The other autoscaler keeps the service at 3 running; 90 requests in total want 9 (max_replicas 8).
      h.services.set("gpu", "llm-a", { desired: 3, running: 3, pending: 0 });
      h.publish("a", 30, h.clock.now() - 30);
      const report = await evaluateRound(h.deps);
      targets.push(report.outcomes[0]?.record?.desiredReplicas ?? -1);
      h.clock.advance(10);
    }
    // max_step_up 2 paces driftless's own target 3 -> 5 -> 7 -> 8 as live; paced on the service's 3 it would stay at 5.
    expect(targets).toEqual([5, 7, 8]);
    expect(h.services.calls).toEqual([]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toMatch(/shadow: would set 8, service has 3/);
  });

  it("when switched live, applies the decided target, naming the end of shadow mode instead of an outside change", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0, shadow: true }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    await evaluateRound(h.deps);
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.clock.advance(10);
    // 60 requests over 2 replicas, as before: the decision stays at 6.
    h.publish("a", 30, h.clock.now() - 30);
    const live = await evaluateRound(h.deps);
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 6 }]);
    const reason = live.outcomes[0]?.record?.reason ?? "";
    expect(reason).toMatch(/\(shadow mode ended: applying the decided target 6; ECS desired count was 2\)/);
    expect(reason).not.toMatch(/outside|\[shadow/);
  });
});
