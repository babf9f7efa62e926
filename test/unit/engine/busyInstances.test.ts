import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import type { GroupInstance } from "../../../shared/engine/ports/CapacityScaler";
import { engineHarness, llmPolicy } from "./engineHarness";

/** Target `a` in mode direct on `gpu-asg`, one task per instance, delays 0, idle instances lowered at once. */
const directPolicy = () =>
  llmPolicy("a", {
    upscale_delay_s: 0,
    downscale_delay_s: 0,
    target: {
      cluster: "gpu",
      service: "llm-a",
      capacity: {
        auto_scaling_group: "gpu-asg",
        gpus_per_task: 1,
        gpus_per_instance: 1,
        mode: "direct",
        // The lowering itself is under test here, not the idle wait before it (instanceIdleRound.test.ts).
        instance_idle_s: 0,
      },
    },
  });
const member = (instanceId: string, protectedFromScaleIn = false): GroupInstance => ({
  instanceId,
  lifecycleState: "InService",
  protectedFromScaleIn,
});
const running = (n: number) => ({ running: n, pending: 0, stopping: 0, status: "ACTIVE" });

/** A group of 3 instances, 1 task left on i-2 (scaled down from 3): the load asks for 1. */
function scaledDown() {
  const h = engineHarness();
  h.policies.putRaw("a", directPolicy());
  h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
  h.capacity.groups.set("gpu-asg", {
    min: 0,
    max: 10,
    desired: 3,
    inService: 3,
    instances: [member("i-1", true), member("i-2"), member("i-3")],
  });
  h.publish("a", 5, h.clock.now() - 30);
  return h;
}

describe("capacity mode direct lowers a group only past idle instances", () => {
  it("protects the busy instance and unprotects the idle one before lowering the group", async () => {
    const h = scaledDown();
    h.capacity.hosted.set("gpu", new Map([["i-2", running(1)]]));
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.actions).toEqual([
      "asg-protect:gpu-asg=i-2",
      "asg-unprotect:gpu-asg=i-1",
      "asg:gpu-asg=1",
    ]);
    expect(h.capacity.protectionCalls).toEqual([
      { group: "gpu-asg", instanceIds: ["i-2"], protect: true },
      { group: "gpu-asg", instanceIds: ["i-1"], protect: false },
    ]);
    expect(h.capacity.calls).toEqual([{ group: "gpu-asg", desired: 1 }]);
  });

  it("keeps the group at the instances that still host tasks, and the reason says so", async () => {
    // i-1 still hosts a task ECS no longer counts for the service (stopping): 2 instances busy.
    const h = scaledDown();
    h.capacity.hosted.set(
      "gpu",
      new Map([
        ["i-1", { ...running(0), stopping: 1 }],
        ["i-2", running(1)],
      ]),
    );
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.actions).toEqual(["asg-protect:gpu-asg=i-2", "asg:gpu-asg=2"]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
      "[Auto Scaling group gpu-asg kept at 2 instances: 2 of its instances host tasks (planned 1)]",
    );
  });

  it("does not lower the group when which instances host tasks is unknown, and says why", async () => {
    const h = scaledDown();
    h.capacity.hostedFailures.set("gpu", new Error("ThrottlingException: Rate exceeded"));
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.actions).toEqual([]);
    expect(h.capacity.calls).toEqual([]);
    expect(h.capacity.protectionCalls).toEqual([]);
    expect((await h.states.get("a"))?.lastDecision?.reason).toContain(
      "not lowered to 1: which of its instances host tasks is unknown (ThrottlingException: Rate exceeded)",
    );
  });

  it("still raises the group when the container-instance read fails", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", directPolicy());
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    h.capacity.groups.set("gpu-asg", {
      min: 0,
      max: 10,
      desired: 1,
      inService: 1,
      instances: [member("i-1")],
    });
    h.capacity.hostedFailures.set("gpu", new Error("ThrottlingException"));
    h.publish("a", 30, h.clock.now() - 30);
    const report = await evaluateRound(h.deps);
    expect(report.outcomes[0]?.actions).toEqual(["asg:gpu-asg=3", "ecs:llm-a=3"]);
  });
});
