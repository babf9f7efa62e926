import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { groupChangeText } from "../../../shared/engine/planGroupCapacity";
import { engineHarness, llmPolicy } from "./engineHarness";

type Pause = true | "scale_in" | "scale_out" | undefined;

/** Target `id` on service llm-<id> in capacity mode direct on gpu-asg (one GPU per task and instance), delays 0. */
function directPolicy(id: string, pause: Pause, idleS: number) {
  return llmPolicy(id, {
    upscale_delay_s: 0,
    downscale_delay_s: 0,
    ...(pause === undefined ? {} : { paused: pause }),
    target: {
      cluster: "gpu",
      service: `llm-${id}`,
      capacity: {
        auto_scaling_group: "gpu-asg",
        gpus_per_task: 1,
        gpus_per_instance: 1,
        mode: "direct",
        instance_idle_s: idleS,
      },
    },
  });
}

/** One target `a` with `tasks` tasks, its group at `instances`, and `load` ongoing requests per task (10 a task can take). */
function oneTarget(c: { pause: Pause; idleS: number; tasks: number; instances: number; load: number }) {
  const h = engineHarness();
  h.policies.putRaw("a", directPolicy("a", c.pause, c.idleS));
  h.services.set("gpu", "llm-a", { desired: c.tasks, running: c.tasks, pending: 0 });
  h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: c.instances, inService: c.instances });
  h.publish("a", c.load, h.clock.now() - 5);
  return h;
}

/** One more round of target `a` alone, `afterS` seconds on, with no load. */
async function roundAfter(h: ReturnType<typeof engineHarness>, afterS: number) {
  h.clock.advance(afterS);
  h.publish("a", 0, h.clock.now() - 5);
  return evaluateRound(h.deps);
}

describe("a direct group under a pause, and the reason of the action that sets it, one target", () => {
  it.each([
    {
      name: "lowers idle instances at once with instance_idle_s 0, and the reason names the lowering",
      pause: undefined,
      tasks: 1,
      instances: 4,
      load: 0,
      actions: ["asg:gpu-asg=1"],
      says: "[Auto Scaling group gpu-asg lowered to 1 instance]",
      desired: 1,
    },
    {
      name: "does not lower the group under paused scale_in, and the reason names the pause",
      pause: "scale_in",
      tasks: 1,
      instances: 4,
      load: 0,
      actions: [],
      says: "[Auto Scaling group gpu-asg held at 4 instances (1 planned): target a paused scale_in]",
      desired: 4,
    },
    {
      name: "lowers the group under paused scale_out, as the ECS count would be",
      pause: "scale_out",
      tasks: 1,
      instances: 4,
      load: 0,
      actions: ["asg:gpu-asg=1"],
      says: "[Auto Scaling group gpu-asg lowered to 1 instance]",
      desired: 1,
    },
    {
      name: "does not set the group at all while paused entirely",
      pause: true,
      tasks: 1,
      instances: 4,
      load: 0,
      actions: [],
      says: "paused",
      desired: 4,
    },
    {
      name: "raises the group for a scale-up, and the reason names the raise",
      pause: undefined,
      tasks: 1,
      instances: 1,
      load: 60,
      actions: ["asg:gpu-asg=6", "ecs:llm-a=6"],
      says: "[Auto Scaling group gpu-asg raised to 6 instances]",
      desired: 6,
    },
    {
      name: "raises the group under paused scale_in (scale-ups go on)",
      pause: "scale_in",
      tasks: 1,
      instances: 1,
      load: 60,
      actions: ["asg:gpu-asg=6", "ecs:llm-a=6"],
      says: "[Auto Scaling group gpu-asg raised to 6 instances]",
      desired: 6,
    },
    {
      name: "raises a group lowered outside back to its tasks' instances, naming the raise",
      pause: undefined,
      tasks: 3,
      instances: 1,
      load: 10,
      actions: ["asg:gpu-asg=3"],
      says: "hold at 3: ",
      desired: 3,
    },
    {
      name: "does not raise a group lowered outside under paused scale_out, and names the pause",
      pause: "scale_out",
      tasks: 3,
      instances: 1,
      load: 10,
      actions: [],
      says: "[Auto Scaling group gpu-asg held at 1 instance (3 planned): target a paused scale_out]",
      desired: 1,
    },
  ] as const)("$name", async ({ name: _, actions, says, desired, ...c }) => {
    const h = oneTarget({ ...c, idleS: 0 });
    const round = await evaluateRound(h.deps);
    const reason = round.outcomes[0]?.record?.reason ?? "";
    expect(round.outcomes[0]?.actions).toEqual(actions);
    expect(reason).toContain(says);
    expect(h.capacity.groups.get("gpu-asg")?.desired).toBe(desired);
    // A reason names a group change exactly when an action sets the group, in the action's direction.
    const set = actions.find((a) => a.startsWith("asg:"));
    const named = /\[Auto Scaling group gpu-asg (raised|lowered) to (\d+) instances?\]/.exec(reason);
    expect(named === null ? undefined : `asg:gpu-asg=${named[2]}`).toBe(set);
    if (named !== null) expect(named[1]).toBe(Number(named[2]) > c.instances ? "raised" : "lowered");
  });

  it("holds a lowering past instance_idle_s under paused scale_in, keeps the timer, and lowers at once when resumed", async () => {
    const h = oneTarget({ pause: "scale_in", idleS: 300, tasks: 1, instances: 4, load: 0 });
    const since = h.clock.now();
    const kept = await evaluateRound(h.deps);
    expect(kept.outcomes[0]?.actions).toEqual([]);
    expect(kept.outcomes[0]?.record?.reason).toContain("4 instances kept (1 needed)");

    const held = await roundAfter(h, 300);
    expect(held.outcomes[0]?.actions).toEqual([]);
    const reason = held.outcomes[0]?.record?.reason ?? "";
    expect(reason).toContain(
      "[Auto Scaling group gpu-asg held at 4 instances (1 planned): target a paused scale_in]",
    );
    expect(reason).not.toContain("lowered");
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 1, since }],
      kept: 4,
    });

    h.policies.putRaw("a", directPolicy("a", undefined, 300));
    const resumed = await roundAfter(h, 10);
    expect(resumed.outcomes[0]?.actions).toEqual(["asg:gpu-asg=1"]);
    const after = resumed.outcomes[0]?.record?.reason ?? "";
    expect(after).toContain(
      "[Auto Scaling group gpu-asg: lowered to 1 instances, not needed for 310 s >= capacity.instance_idle_s 300]",
    );
    // The idle note names the lowering already: no second, shorter one.
    expect(after).not.toContain("[Auto Scaling group gpu-asg lowered to");
  });
});

describe("a paused direct group raised outside driftless during the wait", () => {
  it("keeps the raised instances their full instance_idle_s after the pause, not lowering at once on the older timer", async () => {
    const h = oneTarget({ pause: "scale_in", idleS: 300, tasks: 1, instances: 4, load: 0 });
    await evaluateRound(h.deps);
    h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 6, inService: 6 });
    await roundAfter(h, 300);
    const restarted = h.clock.now();
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 1, since: restarted }],
      kept: 6,
    });

    h.policies.putRaw("a", directPolicy("a", undefined, 300));
    expect((await roundAfter(h, 10)).outcomes[0]?.actions).toEqual([]);
    expect((await roundAfter(h, 290)).outcomes[0]?.actions).toEqual(["asg:gpu-asg=1"]);
  });
});

/** Targets a and b with one task each on gpu-asg at `instances`; `load` per target. */
function twoTargets(c: {
  pauses: readonly [Pause, Pause];
  instances: number;
  loads: readonly [number, number];
}) {
  const h = engineHarness();
  ["a", "b"].forEach((id, i) => {
    h.policies.putRaw(id, directPolicy(id, c.pauses[i], 0));
    h.services.set("gpu", `llm-${id}`, { desired: 1, running: 1, pending: 0 });
    h.publish(id, c.loads[i]!, h.clock.now() - 5);
  });
  h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: c.instances, inService: c.instances });
  return h;
}

describe("a shared direct group under a pause, and the reason of the member that sets it", () => {
  it.each([
    {
      name: "lowers at once with instance_idle_s 0, named in the setter's reason only",
      pauses: [undefined, undefined],
      instances: 4,
      loads: [0, 0],
      desired: 2,
      setter: "[Auto Scaling group gpu-asg lowered to 2 instances]",
      both: "shared: 2 instances for 2 tasks (a 1 + b 1), set by a",
    },
    {
      name: "does not lower when the member that does not set it pauses scale_in",
      pauses: [undefined, "scale_in"],
      instances: 4,
      loads: [0, 0],
      desired: 4,
      setter: null,
      both: "[Auto Scaling group gpu-asg held at 4 instances (2 planned): target b paused scale_in]",
    },
    {
      name: "does not lower when a member is paused entirely",
      pauses: [true, undefined],
      instances: 4,
      loads: [0, 0],
      desired: 4,
      setter: null,
      both: "[Auto Scaling group gpu-asg held at 4 instances (2 planned): target a paused]",
    },
    {
      name: "raises for a member that scales up while the other pauses scale_out",
      pauses: [undefined, "scale_out"],
      instances: 2,
      loads: [30, 0],
      desired: 4,
      setter: "[Auto Scaling group gpu-asg raised to 4 instances]",
      both: "shared: 4 instances for 4 tasks (a 3 + b 1), set by a",
    },
  ] as const)("$name", async ({ name: _, desired, setter, both, ...c }) => {
    const h = twoTargets(c);
    const round = await evaluateRound(h.deps);
    expect(h.capacity.groups.get("gpu-asg")?.desired).toBe(desired);
    const reasons = new Map(round.outcomes.map((o) => [o.targetId, o.record?.reason ?? ""]));
    for (const reason of reasons.values()) expect(reason).toContain(both);
    const controller = round.outcomes.find((o) => o.actions.some((a) => a.startsWith("asg:")))?.targetId;
    for (const [id, reason] of reasons) {
      const names = /\[Auto Scaling group gpu-asg (raised|lowered) to/.test(reason);
      expect(names).toBe(setter !== null && id === controller);
      if (names) expect(reason).toContain(setter!);
    }
  });
});

describe("the text of a group change", () => {
  it.each([
    { current: 4, instances: 1, text: " [Auto Scaling group gpu-asg lowered to 1 instance]" },
    { current: 1, instances: 6, text: " [Auto Scaling group gpu-asg raised to 6 instances]" },
    { current: 3, instances: 3, text: "" },
    { current: 3, instances: null, text: "" },
  ])("from $current to $instances: '$text'", ({ current, instances, text }) => {
    expect(groupChangeText({ group: "gpu-asg", current, instances })).toBe(text);
  });
});
