import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../../shared/engine/evaluateRound";
import type { ApplicationScaling } from "../../../../shared/engine/ports/OtherControllers";
import { engineHarness, llmPolicy } from "../engineHarness";

/** A policy for target `id` on another target's service. */
function on(service: string, id: string, extra: Record<string, unknown> = {}) {
  return { ...llmPolicy(id, extra), target: { cluster: "gpu", service } };
}

describe("the ownership rule in a round", () => {
  it("acts for neither of two stored targets that claim one service, and each reason names the other", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", on("llm-a", "a"));
    h.policies.putRaw("b", on("llm-a", "b", { min_replicas: 4 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 10, h.clock.now() - 30);
    await evaluateRound(h.deps);
    expect(h.services.calls).toEqual([]);
    const a = await h.states.get("a");
    const b = await h.states.get("b");
    expect(a?.lastDecision?.heldBy).toBe("another controller");
    expect(a?.lastDecision?.reason).toContain("also claimed by target b");
    expect(b?.lastDecision?.reason).toContain("also claimed by target a");
  });

  it("sees a rival in another shard: the claims come from every item listed", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", on("llm-a", "a", { min_replicas: 4 }));
    h.policies.putRaw("b", on("llm-a", "b", { min_replicas: 4 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    for (const index of [0, 1]) await evaluateRound(h.deps, { shard: { index, count: 2 } });
    expect(h.services.calls).toEqual([]);
  });

  it("sees a rival in a round for one target (the alarm's): the claims come from every stored item", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", on("llm-a", "a", { min_replicas: 4 }));
    h.policies.putRaw("b", on("llm-a", "b", { min_replicas: 4 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    await evaluateRound(h.deps, { targetIds: ["a"] });
    expect(h.services.calls).toEqual([]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain("also claimed by target b");
  });

  it("sets no Auto Scaling group that two targets would each set directly, and scales their tasks", async () => {
    const h = engineHarness();
    const direct = (service: string) => ({
      upscale_delay_s: 0,
      target: {
        cluster: "gpu",
        service,
        capacity: { auto_scaling_group: "gpu-asg", gpus_per_task: 1, gpus_per_instance: 1, mode: "direct" },
      },
    });
    h.policies.putRaw("a", llmPolicy("a", direct("llm-a")));
    h.policies.putRaw("b", llmPolicy("b", direct("llm-b")));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.services.set("gpu", "llm-b", { desired: 2, running: 2, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 10, desired: 4, inService: 4 });
    h.publish("a", 30, h.clock.now() - 30);
    h.publish("b", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.outcomes.flatMap((o) => o.actions).filter((a) => a.startsWith("asg:"))).toEqual([]);
    expect(report.outcomes.flatMap((o) => o.actions).filter((a) => a.startsWith("ecs:"))).not.toEqual([]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
      "Auto Scaling group gpu-asg is also set directly by target b",
    );
  });

  it("acts again once only one policy names the service", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", on("llm-a", "a", { min_replicas: 4 }));
    h.policies.putRaw("b", on("llm-a", "b", { min_replicas: 4 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    await evaluateRound(h.deps);
    await h.policies.delete("b", 1);
    h.clock.advance(10);
    await evaluateRound(h.deps);
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 4 }]);
  });

  it("does not act on a service Application Auto Scaling scales, and says how to hand it over", async () => {
    const h = engineHarness();
    const asked: string[][] = [];
    const scaler: ApplicationScaling = {
      resourceId: "service/gpu/llm-a",
      scalingPolicies: ["cpu-tracking"],
      scheduledActions: [],
    };
    const deps = {
      ...h.deps,
      appScaling: {
        activeScalers: async (ids: readonly string[]) => {
          asked.push([...ids]);
          return new Map(ids.includes(scaler.resourceId) ? [[scaler.resourceId, scaler]] : []);
        },
      },
    };
    h.policies.putRaw("a", llmPolicy("a", { min_replicas: 4 }));
    h.policies.putRaw("b", llmPolicy("b", { min_replicas: 4 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.services.set("gpu", "llm-b", { desired: 2, running: 2, pending: 0 });
    await evaluateRound(deps);
    // One batched read for the round, and only b (nobody else scales it) is acted on.
    expect(asked).toEqual([["service/gpu/llm-a", "service/gpu/llm-b"]]);
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-b", desired: 4 }]);
    const reason = (await h.states.get("a"))?.lastDecision?.reason ?? "";
    expect(reason).toContain(
      "Application Auto Scaling scales service/gpu/llm-a (scaling policies cpu-tracking)",
    );
    expect(reason).toContain("deregister-scalable-target");
    expect(reason).toContain('"shadow": true');
  });

  it("does not act when it cannot tell whether Application Auto Scaling scales the service", async () => {
    const h = engineHarness();
    const deps = {
      ...h.deps,
      appScaling: {
        activeScalers: async () => {
          throw new Error("AccessDenied");
        },
      },
    };
    h.policies.putRaw("a", llmPolicy("a", { min_replicas: 4 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    await evaluateRound(deps);
    expect(h.services.calls).toEqual([]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
      "could not check for Application Auto Scaling",
    );
  });

  it.each([
    { managed: true, named: true, actions: ["ecs:llm-a=4"] },
    { managed: true, named: false, actions: ["ecs:llm-a=4"] },
    { managed: false, named: true, actions: ["asg:gpu-asg=4", "ecs:llm-a=4"] },
  ])(
    "in direct mode, managed scaling $managed on the provider (named by the policy: $named): calls $actions",
    async ({ managed, named, actions }) => {
      const h = engineHarness();
      const deps = {
        ...h.deps,
        capacityProviders: {
          providerScaling: async () => [{ provider: "gpu-cp", group: "gpu-asg", managedScaling: managed }],
        },
      };
      const capacity = {
        mode: "direct",
        auto_scaling_group: "gpu-asg",
        ...(named ? { capacity_provider: "gpu-cp" } : {}),
      };
      h.policies.putRaw("a", {
        ...llmPolicy("a", { min_replicas: 4 }),
        target: { cluster: "gpu", service: "llm-a", capacity },
      });
      h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
      h.capacity.groups.set("gpu-asg", { min: 0, max: 10, desired: 2, inService: 2 });
      const report = await evaluateRound(deps);
      expect(report.outcomes[0]?.actions).toEqual(actions);
      if (!managed) return;
      expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
        "instances not set: capacity provider gpu-cp has managed scaling ENABLED",
      );
    },
  );
});

describe("a target whose count keeps being changed outside driftless", () => {
  it("is restored twice, then reported contested and left alone until its policy is edited", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { min_replicas: 4 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    await evaluateRound(h.deps);
    const restores: number[] = [];
    for (let k = 0; k < 3; k++) {
      h.clock.advance(60);
      h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
      const report = await evaluateRound(h.deps);
      restores.push(report.outcomes[0]?.actions.length ?? 0);
    }
    expect(restores).toEqual([1, 1, 0]);
    const state = await h.states.get("a");
    expect(state?.lastDecision?.outsideChanges?.contested).not.toBeNull();
    expect(state?.lastDecision?.reason).toContain(
      "contested: the ECS desired count was changed outside driftless 3 times",
    );
    // Still contested next round: nothing restored, nothing more counted.
    h.clock.advance(60);
    expect((await evaluateRound(h.deps)).outcomes[0]?.actions).toEqual([]);
    // The operator edits the policy: driftless takes the service back.
    h.policies.putRaw("a", llmPolicy("a", { min_replicas: 4, max_replicas: 7 }));
    h.clock.advance(60);
    expect((await evaluateRound(h.deps)).outcomes[0]?.actions).toEqual(["ecs:llm-a=4"]);
  });
});
