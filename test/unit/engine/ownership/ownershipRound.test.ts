import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../../shared/engine/evaluateRound";
import type { ApplicationScaling } from "../../../../shared/engine/ports/OtherControllers";
import { INITIAL_POLICY_STATE } from "../../../../shared/policy/PolicyState";
import { engineHarness, llmPolicy } from "../engineHarness";

/** A policy for target `id` on another target's service. */
function on(service: string, id: string, extra: Record<string, unknown> = {}) {
  return { ...llmPolicy(id, extra), target: { cluster: "gpu", service } };
}

/** Capacity mode direct on the group gpu-asg, one GPU per task and per instance. */
function direct(service: string, capacity: Record<string, unknown> = {}) {
  return {
    upscale_delay_s: 0,
    target: {
      cluster: "gpu",
      service,
      capacity: {
        auto_scaling_group: "gpu-asg",
        gpus_per_task: 1,
        gpus_per_instance: 1,
        mode: "direct",
        ...capacity,
      },
    },
  };
}

/** Targets a and b on one group, each with 2 tasks running and load for 6 (group: 4 of max 20). */
function sharedGroup(capacity: { readonly b?: Record<string, unknown> } = {}) {
  const h = engineHarness();
  h.policies.putRaw("a", llmPolicy("a", direct("llm-a")));
  h.policies.putRaw("b", llmPolicy("b", direct("llm-b", capacity.b)));
  h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
  h.services.set("gpu", "llm-b", { desired: 2, running: 2, pending: 0 });
  h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 4, inService: 4 });
  h.publish("a", 30, h.clock.now() - 30);
  h.publish("b", 30, h.clock.now() - 30);
  return h;
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

  it("sets an Auto Scaling group two direct targets share once, for the sum of their tasks", async () => {
    const h = sharedGroup();
    const report = await evaluateRound(h.deps);
    expect(report.outcomes.flatMap((o) => o.actions).filter((a) => a.startsWith("asg:"))).toEqual([
      "asg:gpu-asg=12",
    ]);
    expect(
      report.outcomes
        .flatMap((o) => o.actions)
        .filter((a) => a.startsWith("ecs:"))
        .sort(),
    ).toEqual(["ecs:llm-a=6", "ecs:llm-b=6"]);
    for (const id of ["a", "b"])
      expect((await h.states.get(id))?.lastDecision?.reason).toContain(
        "[Auto Scaling group gpu-asg shared: 12 instances for 12 tasks (a 6 + b 6), set by a]",
      );
    // The next round finds the group as planned: nothing more to set.
    h.clock.advance(10);
    h.publish("a", 10, h.clock.now() - 30);
    h.publish("b", 10, h.clock.now() - 30);
    const again = await evaluateRound(h.deps);
    expect(again.outcomes.flatMap((o) => o.actions).filter((a) => a.startsWith("asg:"))).toEqual([]);
  });

  it("never lets a member that does not set the group this round set it from an old action", async () => {
    const h = sharedGroup();
    h.services.set("gpu", "llm-b", { desired: 6, running: 2, pending: 4 });
    // b's last action (from a round it set the group in) landed before a crash but was never marked.
    await h.states.put(
      {
        targetId: "b",
        version: 1,
        target: 6,
        policyState: INITIAL_POLICY_STATE,
        action: {
          id: "b:1",
          desiredReplicas: 6,
          desiredInstances: 3,
          intendedAt: h.clock.now() - 5,
          decidedAt: h.clock.now() - 5,
          appliedAt: null,
          error: null,
        },
        lastDecision: null,
        lastKnownGood: null,
        policyStatus: null,
        groupScaleIn: null,
        updatedAt: h.clock.now() - 5,
      },
      0,
    );
    const report = await evaluateRound(h.deps);
    expect(report.outcomes.flatMap((o) => o.actions).filter((a) => a.startsWith("asg:"))).toEqual([
      "asg:gpu-asg=12",
    ]);
    expect(h.capacity.calls).toEqual([{ group: "gpu-asg", desired: 12 }]);
  });

  it("counts the tasks of a group member the round does not evaluate (an alarm's round)", async () => {
    const h = sharedGroup();
    h.services.set("gpu", "llm-b", { desired: 3, running: 2, pending: 1 });
    const report = await evaluateRound(h.deps, { targetIds: ["a"] });
    expect(report.outcomes.flatMap((o) => o.actions).sort()).toEqual(["asg:gpu-asg=9", "ecs:llm-a=6"]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
      "Auto Scaling group gpu-asg shared: 9 instances for 9 tasks (a 6 + b 3), set by a",
    );
  });

  it("leaves a shared group as it is while a member's tasks cannot be read, and says whose", async () => {
    const h = sharedGroup();
    h.services.services.delete("gpu/llm-b");
    const report = await evaluateRound(h.deps, { targetIds: ["a"] });
    expect(report.outcomes.flatMap((o) => o.actions)).toEqual(["ecs:llm-a=6"]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
      "Auto Scaling group gpu-asg not set: the tasks of target b on it are unknown this round (ECS service llm-b not found in cluster gpu)",
    );
  });

  it("leaves a shared group as it is while another target on it has a capacity section that does not parse", async () => {
    const h = sharedGroup({ b: { gpus_per_task: 0 } });
    const report = await evaluateRound(h.deps);
    expect(report.outcomes.flatMap((o) => o.actions)).toEqual(["ecs:llm-a=6"]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
      "Auto Scaling group gpu-asg not set: the tasks of target b on it are unknown this round (its stored capacity section does not parse)",
    );
  });

  it("evaluates the targets on one group in one shard, so two shards never both set it", async () => {
    const h = engineHarness();
    const ids = ["a", "b", "c", "d", "e", "f"];
    for (const id of ids) h.policies.putRaw(id, llmPolicy(id, direct(`llm-${id}`)));
    const shards = await Promise.all(
      [0, 1, 2].map((index) => evaluateRound(h.deps, { shard: { index, count: 3 } })),
    );
    const sizes = shards.map((r) => r.outcomes.length).sort();
    expect(sizes).toEqual([0, 0, ids.length]);
  });

  it.each([
    {
      name: "one target leaves the group to ECS (mode managed) beside one setting it",
      b: { mode: "managed" },
      says: "Auto Scaling group gpu-asg is set directly for target a (capacity direct) but left to ECS by target b (capacity managed): one controller per group",
    },
    {
      name: "the targets disagree on GPUs per instance",
      b: { gpus_per_instance: 4 },
      says: "targets on Auto Scaling group gpu-asg disagree on gpus_per_instance: a (1), b (4)",
    },
  ])("sets no group when $name, and both reasons name both targets", async ({ b, says }) => {
    const h = sharedGroup({ b });
    const report = await evaluateRound(h.deps);
    expect(report.outcomes.flatMap((o) => o.actions).filter((a) => a.startsWith("asg:"))).toEqual([]);
    expect(report.outcomes.flatMap((o) => o.actions).filter((a) => a.startsWith("ecs:"))).not.toEqual([]);
    for (const id of ["a", "b"])
      expect((await h.states.get(id))?.lastDecision?.reason).toContain(`[instances not set: ${says}`);
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

describe("capacity mode auto in a round", () => {
  it.each([
    {
      name: "sets the group directly where the provider's managed scaling is off",
      read: async () => [{ provider: "gpu-cp", group: "gpu-asg", managedScaling: false }],
      actions: ["asg:gpu-asg=4", "ecs:llm-a=4"],
      says: "[capacity auto → direct: provider gpu-cp has managed scaling off]",
    },
    {
      name: "leaves the instances to ECS where the provider's managed scaling is ENABLED",
      read: async () => [{ provider: "gpu-cp", group: "gpu-asg", managedScaling: true }],
      actions: ["ecs:llm-a=4"],
      says: "[capacity auto → managed: provider gpu-cp has managed scaling ENABLED]",
    },
    {
      name: "holds the group, and says why, when the providers cannot be read",
      read: async (): Promise<never> => {
        throw new Error("AccessDenied");
      },
      actions: ["ecs:llm-a=4"],
      says: "[instances not set: capacity auto: could not check whether a capacity provider scales group gpu-asg (AccessDenied): instances not set until it can be checked]",
    },
  ])("$name", async ({ read, actions, says }) => {
    const h = engineHarness();
    const deps = { ...h.deps, capacityProviders: { providerScaling: read } };
    h.policies.putRaw("a", {
      ...llmPolicy("a", { min_replicas: 4 }),
      target: { cluster: "gpu", service: "llm-a", capacity: { auto_scaling_group: "gpu-asg" } },
    });
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 10, desired: 2, inService: 2 });
    const report = await evaluateRound(deps);
    expect(report.outcomes[0]?.actions).toEqual(actions);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(says);
  });

  it("without a group named is managed: no group read, nothing said", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", {
      ...llmPolicy("a", { min_replicas: 4 }),
      target: { cluster: "gpu", service: "llm-a", capacity: { gpus_per_task: 1 } },
    });
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.actions).toEqual(["ecs:llm-a=4"]);
    expect((await h.states.get("a"))?.lastDecision?.reason).not.toContain("capacity");
  });
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
