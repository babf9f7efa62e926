import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import type { StateStore } from "../../../shared/engine/ports/StateStore";
import { StateConflictError } from "../../../shared/errors/StateConflictError";
import { engineHarness, llmPolicy } from "./engineHarness";

describe("evaluateRound", () => {
  it("raises the ECS desired count only after upscale_delay_s of breach, once, and records it", async () => {
    // arrange: 2 replicas at 25 ongoing requests each (target 10) since t0 - 20
    const h = engineHarness();
    const t0 = h.clock.now();
    h.policies.putRaw("a", llmPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 25, t0 - 20);
    // act: the breach started at t0 - 20 on the metric timeline
    const first = await evaluateRound(h.deps);
    h.clock.advance(10);
    h.publish("a", 25, t0 + 10);
    const second = await evaluateRound(h.deps);
    // assert
    expect(first.outcomes[0]?.decision?.desiredReplicas).toBe(2);
    expect(first.outcomes[0]?.decision?.pendingDelay?.firesAt).toBe(t0 + 10);
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 5 }]);
    expect(second.outcomes[0]?.actions).toEqual(["ecs:llm-a=5"]);
    const state = await h.states.get("a");
    expect(state?.target).toBe(5);
    expect(state?.action?.appliedAt).toBe(t0 + 10);
    expect(state?.lastDecision?.latenessMs).toBe(0);
    expect(h.log.records.map((r) => r.desiredReplicas)).toEqual([2, 5]);
  });

  it("keeps running the last known-good policy when an edit is invalid, and reports it", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 10, h.clock.now() - 30);
    await evaluateRound(h.deps);
    h.policies.putRaw("a", { ...llmPolicy("a"), max_replicas: "lots", upscale_dealy_s: 5 });
    h.clock.advance(10);
    h.publish("a", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.invalidPolicies).toBe(1);
    expect(h.seen.invalid).toEqual(["a"]);
    // The old policy (upscale_delay_s 0) scaled 2 -> 6 at once.
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(6);
    const state = await h.states.get("a");
    expect(state?.policyStatus?.valid).toBe(false);
    expect(state?.policyStatus?.problems.map((p) => p.path)).toEqual(["$.max_replicas", "$.upscale_dealy_s"]);
    expect(state?.lastKnownGood?.version).toBe(1);
  });

  it("validates a policy once per version, not every round, and again when it is edited", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    for (let k = 0; k < 3; k++) {
      h.clock.advance(10);
      await evaluateRound(h.deps);
    }
    const unchanged = h.deps.memory.policies.validations;
    h.policies.putRaw("a", llmPolicy("a", { max_replicas: 9 }));
    await evaluateRound(h.deps);
    await evaluateRound(h.deps);
    expect(unchanged).toBe(1);
    expect(h.deps.memory.policies.validations).toBe(2);
  });

  it("holds on missing metrics and never scales down", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { downscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 4, running: 4, pending: 0 });
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(4);
    expect(report.outcomes[0]?.decision?.reason).toMatch(/no datapoints/);
    expect(h.services.calls).toEqual([]);
  });

  it("treats a metrics outage the same way", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { downscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 4, running: 4, pending: 0 });
    h.metrics.failWith = "ThrottlingException";
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(4);
    expect((await h.states.get("a"))?.policyState.metricFailures).toBe(1);
  });

  it("restores a desired count changed by hand, saying so", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 10, h.clock.now() - 30);
    await evaluateRound(h.deps);
    // Someone sets 7 by hand; the same 20 requests now spread over 7 replicas.
    h.services.set("gpu", "llm-a", { desired: 7, running: 7, pending: 0 });
    h.clock.advance(40);
    h.publish("a", 20 / 7, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.actions).toEqual(["ecs:llm-a=2"]);
    expect(report.outcomes[0]?.record?.reason).toMatch(/changed outside driftless/);
  });

  it("leaves a hand-set count alone while the policy is paused", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { paused: true }));
    h.services.set("gpu", "llm-a", { desired: 7, running: 7, pending: 0 });
    h.publish("a", 1, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.actions).toBe(0);
    expect(report.outcomes[0]?.record?.reason).toMatch(/paused/);
  });

  it("with the kill switch on still measures, decides and records, but acts on nothing", async () => {
    const h = engineHarness();
    await h.states.putSettings({ killSwitch: true, ceilings: {} });
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.actions).toBe(0);
    expect(report.outcomes[0]?.record?.desiredReplicas).toBe(6);
    expect(report.outcomes[0]?.record?.reason).toMatch(/kill switch/);
    // Switched off again, the decided target is carried out.
    await h.states.putSettings({ killSwitch: false, ceilings: {} });
    h.clock.advance(10);
    h.publish("a", 30, h.clock.now() - 30);
    const lifted = await evaluateRound(h.deps);
    expect(h.services.calls.map((c) => c.desired)).toEqual([6]);
    // Nothing outside changed the count: the reason names the kill switch, not an outside change.
    expect(lifted.outcomes[0]?.record?.reason).toMatch(/kill switch lifted: applying the decided target 6/);
    expect(lifted.outcomes[0]?.record?.reason).not.toMatch(/outside/);
  });

  it("after the kill switch is lifted, applies the target it held back without claiming an outside change", async () => {
    // arrange: driftless scaled to 5 itself; with the kill switch on, the load fell and it decided 1
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0, downscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 25, h.clock.now() - 30);
    await evaluateRound(h.deps);
    h.services.set("gpu", "llm-a", { desired: 5, running: 5, pending: 0 });
    await h.states.putSettings({ killSwitch: true, ceilings: {} });
    h.clock.advance(40);
    h.publish("a", 0.1, h.clock.now() - 30);
    const killed = await evaluateRound(h.deps);
    // act
    await h.states.putSettings({ killSwitch: false, ceilings: {} });
    h.clock.advance(10);
    h.publish("a", 0.1, h.clock.now() - 30);
    const lifted = await evaluateRound(h.deps);
    // assert
    expect(killed.outcomes[0]?.record?.desiredReplicas).toBe(1);
    expect(h.services.calls.map((c) => c.desired)).toEqual([5, 1]);
    expect(lifted.outcomes[0]?.record?.reason).toMatch(
      /\(kill switch lifted: applying the decided target 1; ECS desired count was 5\)/,
    );
    expect(lifted.outcomes[0]?.record?.reason).not.toMatch(/outside/);
  });

  it("after a paused target is resumed, applies the target held back and says so", async () => {
    // arrange: the kill switch holds a scale-up to 6; the policy is paused before the switch is lifted
    const h = engineHarness();
    await h.states.putSettings({ killSwitch: true, ceilings: {} });
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    await evaluateRound(h.deps);
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0, paused: true }));
    await h.states.putSettings({ killSwitch: false, ceilings: {} });
    h.clock.advance(10);
    const paused = await evaluateRound(h.deps);
    // act
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.clock.advance(10);
    h.publish("a", 30, h.clock.now() - 30);
    const resumed = await evaluateRound(h.deps);
    // assert
    expect(paused.actions).toBe(0);
    expect(resumed.outcomes[0]?.actions).toEqual(["ecs:llm-a=6"]);
    expect(resumed.outcomes[0]?.record?.reason).toMatch(/policy resumed: applying the decided target 6/);
    expect(resumed.outcomes[0]?.record?.reason).not.toMatch(/outside/);
  });

  it("gives 20 concurrent evaluations of one target exactly one decision and one action", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const reports = await Promise.all(Array.from({ length: 20 }, () => evaluateRound(h.deps)));
    const decided = reports.flatMap((r) => r.outcomes).filter((o) => o.status === "decided");
    expect(decided).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.conflicts, 0)).toBe(19);
    expect(h.services.calls).toHaveLength(1);
    expect(h.log.records).toHaveLength(1);
  });

  it("repairs a crash between the state write and the ECS call once the action's grace has passed", async () => {
    // arrange: the first evaluation writes its decision, then dies before acting
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const realSet = h.services.setDesired.bind(h.services);
    // The Lambda dies inside the ECS call: it never hears back and marks nothing (a call that fails and
    // is marked failed is retried at once: see "retries a failed ECS call ...").
    h.services.setDesired = () => new Promise<never>(() => {});
    void evaluateRound(h.deps);
    await new Promise((resolve) => setTimeout(resolve, 10));
    h.services.setDesired = realSet;
    // act: within the grace another evaluation leaves the action to its owner; after it, takes over
    h.clock.advance(10);
    h.publish("a", 30, h.clock.now() - 30);
    const within = await evaluateRound({ ...h.deps, actionGraceS: 60 });
    h.clock.advance(60);
    h.publish("a", 30, h.clock.now() - 30);
    const after = await evaluateRound({ ...h.deps, actionGraceS: 60 });
    // assert
    expect(within.actions).toBe(0);
    expect(after.outcomes[0]?.actions).toEqual(["ecs:llm-a=6"]);
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 6 }]);
  });

  it("never repeats an ECS call that succeeded before a crash stopped it being marked applied", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const states = h.deps.states;
    const crashing: StateStore = Object.assign(Object.create(Object.getPrototypeOf(states)), states, {
      markActionApplied: async () => {
        throw new Error("Lambda died");
      },
    });
    await evaluateRound({ ...h.deps, states: crashing });
    h.clock.advance(120);
    h.publish("a", 30, h.clock.now() - 30);
    const next = await evaluateRound(h.deps);
    expect(h.services.calls).toHaveLength(1);
    expect(next.actions).toBe(0);
    expect((await h.states.get("a"))?.action?.appliedAt).not.toBeNull();
  });

  it("recognises its own write when the answer was lost and a retry reported a conflict", async () => {
    // arrange: the put lands, but the caller hears a conflict (the SDK retried after a dropped response)
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const states = h.deps.states;
    const lossy: StateStore = Object.assign(Object.create(Object.getPrototypeOf(states)), states, {
      put: async (state: Parameters<StateStore["put"]>[0], expected: number) => {
        await states.put(state, expected);
        throw new StateConflictError(`state ${state.targetId}`);
      },
    });
    // act
    const report = await evaluateRound({ ...h.deps, states: lossy });
    // assert
    expect(report.outcomes[0]?.status).toBe("decided");
    expect(h.services.calls).toHaveLength(1);
    expect(h.log.records).toHaveLength(1);
  });

  it("in capacity mode direct raises instances before tasks and lowers them only once tasks are gone", async () => {
    const h = engineHarness();
    h.policies.putRaw(
      "a",
      llmPolicy("a", {
        upscale_delay_s: 0,
        downscale_delay_s: 0,
        target: {
          cluster: "gpu",
          service: "llm-a",
          capacity: {
            auto_scaling_group: "gpu-asg",
            gpus_per_task: 1,
            gpus_per_instance: 2,
            mode: "direct",
            spare_instances: 1,
          },
        },
      }),
    );
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 10, desired: 2, inService: 2 });
    h.publish("a", 30, h.clock.now() - 30);
    const up = await evaluateRound(h.deps);
    // 6 tasks / 2 per instance + 1 spare = 4 instances, set before the service.
    expect(up.outcomes[0]?.actions).toEqual(["asg:gpu-asg=4", "ecs:llm-a=6"]);
    // Load gone: tasks come down first; instances wait while the tasks are still there.
    const t1 = h.clock.now();
    h.services.set("gpu", "llm-a", { desired: 6, running: 6, pending: 0 });
    h.clock.advance(40);
    h.publish("a", 0, t1 + 10);
    const down = await evaluateRound(h.deps);
    expect(down.outcomes[0]?.actions).toEqual(["ecs:llm-a=1"]);
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    h.clock.advance(10);
    h.publish("a", 0, h.clock.now());
    const drained = await evaluateRound(h.deps);
    // The instances no task needs are kept instance_idle_s (300 s by default) from when the plan first wanted fewer.
    expect(drained.outcomes[0]?.actions).toEqual([]);
    expect(drained.outcomes[0]?.record?.reason).toContain(
      "[Auto Scaling group gpu-asg: 4 instances kept (2 needed) until",
    );
    h.clock.advance(300);
    h.publish("a", 0, h.clock.now());
    const idle = await evaluateRound(h.deps);
    expect(idle.outcomes[0]?.actions).toEqual(["asg:gpu-asg=2"]);
    expect(idle.outcomes[0]?.record?.reason).toContain("lowered to 2 instances, not needed for 300 s");
  });

  it("one target's broken service does not stop the others", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.policies.putRaw("b", llmPolicy("b", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-b", { desired: 2, running: 2, pending: 0 });
    h.publish("b", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.outcomes.find((o) => o.targetId === "a")?.status).toBe("error");
    expect(report.outcomes.find((o) => o.targetId === "b")?.actions).toEqual(["ecs:llm-b=6"]);
  });

  it("evaluates only its shard", async () => {
    const h = engineHarness();
    for (const id of ["a", "b", "c", "d", "e", "f"]) {
      h.policies.putRaw(id, llmPolicy(id));
      h.services.set("gpu", `llm-${id}`, { desired: 1, running: 1, pending: 0 });
    }
    const shards = await Promise.all(
      [0, 1, 2].map((index) => evaluateRound(h.deps, { shard: { index, count: 3 } })),
    );
    const ids = shards.flatMap((r) => r.outcomes.map((o) => o.targetId)).sort();
    expect(ids).toEqual(["a", "b", "c", "d", "e", "f"]);
  });
});

describe("evaluateRound under crashes, failures and ceilings", () => {
  /** Direct-mode policy on group `gpu-asg` with a total load metric, delays 0. */
  const directPolicy = (capacity: Record<string, unknown> = {}) =>
    llmPolicy("a", {
      upscale_delay_s: 0,
      downscale_delay_s: 0,
      max_replicas: 20,
      target: {
        cluster: "gpu",
        service: "llm-a",
        capacity: {
          auto_scaling_group: "gpu-asg",
          gpus_per_task: 1,
          gpus_per_instance: 1,
          mode: "direct",
          ...capacity,
        },
      },
    });

  it("keeps in the history a decision whose evaluation died after its state write", async () => {
    // arrange: the first evaluation writes its decision (2 -> 6) and dies before acting or logging
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const states = h.deps.states;
    const dying: StateStore = Object.assign(Object.create(Object.getPrototypeOf(states)), states, {
      put: async (state: Parameters<StateStore["put"]>[0], expected: number) => {
        await states.put(state, expected);
        return new Promise<never>(() => {});
      },
    });
    void evaluateRound({ ...h.deps, states: dying });
    await new Promise((resolve) => setTimeout(resolve, 10));
    const died = (await h.states.get("a"))?.lastDecision;
    // act: later evaluations take the action over
    for (let k = 1; k <= 7; k++) {
      h.clock.advance(10);
      h.publish("a", 30, h.clock.now() - 30);
      await evaluateRound({ ...h.deps, newId: () => `next-${k}` });
    }
    // assert: the decision that reached the state table is in the history, with what it saw
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 6 }]);
    const logged = h.log.records.find((r) => r.evaluationId === died?.evaluationId);
    expect(logged).toMatchObject({
      desiredReplicas: 6,
      previousTarget: 2,
      running: 2,
      load: 60,
      acted: false,
    });
  });

  it("recognises its own write when the last answer was lost on the network, not only after a conflict", async () => {
    // arrange: the put lands, but every answer is lost (the SDK gives up with a network error)
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const states = h.deps.states;
    const lossy: StateStore = Object.assign(Object.create(Object.getPrototypeOf(states)), states, {
      put: async (state: Parameters<StateStore["put"]>[0], expected: number) => {
        await states.put(state, expected);
        throw new Error("socket hang up");
      },
    });
    // act
    const report = await evaluateRound({ ...h.deps, states: lossy });
    // assert: it acts now instead of leaving its action to be taken over after the grace
    expect(report.outcomes[0]?.status).toBe("decided");
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 6 }]);
  });

  it("acts on its own action when its answer was lost and a later write superseded it, keeping the action", async () => {
    // arrange: the put lands and another evaluation, reading it, writes the next version within the action's
    // grace (so it keeps the action for its maker) before this one reads back; every answer is lost
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const states = h.deps.states;
    const lossy: StateStore = Object.assign(Object.create(Object.getPrototypeOf(states)), states, {
      put: async (state: Parameters<StateStore["put"]>[0], expected: number) => {
        await states.put(state, expected);
        const later = { ...state.lastDecision!, evaluationId: `a:${state.version + 1}:other` };
        await states.put({ ...state, version: state.version + 1, lastDecision: later }, state.version);
        throw new Error("socket hang up");
      },
    });
    // act
    const report = await evaluateRound({ ...h.deps, states: lossy });
    // assert: it acts now, and marks its action applied on the later version
    expect(report.outcomes[0]?.status).toBe("decided");
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 6 }]);
    const stored = await h.states.get("a");
    expect(stored?.action).toMatchObject({ id: "a:1", appliedAt: h.clock.now() });
    expect(stored?.version).toBe(3);
  });

  it("retries a failed ECS call at the next evaluation instead of waiting out the crash grace", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", llmPolicy("a", { upscale_delay_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.publish("a", 30, h.clock.now() - 30);
    const realSet = h.services.setDesired.bind(h.services);
    h.services.setDesired = async () => {
      throw new Error("ThrottlingException: Rate exceeded");
    };
    const failed = await evaluateRound(h.deps);
    h.services.setDesired = realSet;
    h.clock.advance(10);
    h.publish("a", 30, h.clock.now() - 30);
    const retried = await evaluateRound({ ...h.deps, actionGraceS: 60 });
    expect(failed.outcomes[0]?.status).toBe("error");
    expect(retried.outcomes[0]?.actions).toEqual(["ecs:llm-a=6"]);
    expect((await h.states.get("a"))?.action?.appliedAt).toBe(h.clock.now());
  });

  it("never raises the Auto Scaling group for tasks it is about to remove", async () => {
    // arrange: someone set 10 tasks by hand (8 pending: no instances); the load asks for 2
    const h = engineHarness();
    h.policies.putRaw("a", directPolicy());
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 2, inService: 2 });
    h.publish("a", 10, h.clock.now() - 30);
    await evaluateRound(h.deps);
    h.services.set("gpu", "llm-a", { desired: 10, running: 2, pending: 8 });
    h.clock.advance(10);
    h.publish("a", 10, h.clock.now() - 30);
    // act
    const report = await evaluateRound(h.deps);
    // assert: tasks back to 2, and the group is never raised on the way
    expect(report.outcomes[0]?.actions).toEqual(["ecs:llm-a=2"]);
    expect(h.capacity.calls).toEqual([]);
  });

  it("keeps instances, spare ones included, within the deploy-time GPU ceiling", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", directPolicy({ spare_instances: 1000 }));
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 100, desired: 2, inService: 2 });
    h.publish("a", 20, h.clock.now() - 30);
    const report = await evaluateRound({ ...h.deps, ceilings: { maxGpus: 8 } });
    // 4 replicas wanted; 4 spare instances fit under the 8-GPU ceiling, 1000 do not.
    expect(report.outcomes[0]?.actions).toEqual(["asg:gpu-asg=8", "ecs:llm-a=4"]);
  });

  it("lowers the instances a scale-down freed at the next evaluation when the ECS call landed but its mark did not", async () => {
    // arrange: 6 -> 1 task; the ECS call lands, the evaluation dies before marking it
    const h = engineHarness();
    h.policies.putRaw("a", directPolicy({ instance_idle_s: 0 }));
    h.services.set("gpu", "llm-a", { desired: 6, running: 6, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 6, inService: 6 });
    h.publish("a", 1, h.clock.now() - 30);
    const states = h.deps.states;
    const dying: StateStore = Object.assign(Object.create(Object.getPrototypeOf(states)), states, {
      markActionApplied: () => new Promise<never>(() => {}),
    });
    void evaluateRound({ ...h.deps, states: dying });
    await new Promise((resolve) => setTimeout(resolve, 10));
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    // act: the next evaluation, well within the grace
    h.clock.advance(10);
    h.publish("a", 1, h.clock.now() - 30);
    const next = await evaluateRound({ ...h.deps, actionGraceS: 60 });
    // assert
    expect(h.services.calls).toEqual([{ cluster: "gpu", service: "llm-a", desired: 1 }]);
    expect(next.outcomes[0]?.actions).toEqual(["asg:gpu-asg=1"]);
  });
});
