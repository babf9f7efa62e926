import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { InMemoryForecastStore } from "../../../shared/inMemory/InMemoryForecastStore";
import { engineHarness, llmPolicy } from "./engineHarness";

/** Target `id` on service llm-<id> in capacity mode direct on gpu-asg (one GPU per task and instance), delays 0. */
function directPolicy(
  id: string,
  extra: Record<string, unknown> = {},
  capacity: Record<string, unknown> = {},
) {
  return llmPolicy(id, {
    upscale_delay_s: 0,
    downscale_delay_s: 0,
    target: {
      cluster: "gpu",
      service: `llm-${id}`,
      capacity: {
        auto_scaling_group: "gpu-asg",
        gpus_per_task: 1,
        gpus_per_instance: 1,
        mode: "direct",
        ...capacity,
      },
    },
    ...extra,
  });
}

/** Target a with 4 tasks on 4 instances whose load is gone: one round brings its tasks down to 1. */
async function drained(capacity: Record<string, unknown> = {}) {
  const h = engineHarness();
  h.policies.putRaw("a", directPolicy("a", {}, capacity));
  h.services.set("gpu", "llm-a", { desired: 4, running: 4, pending: 0 });
  h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 4, inService: 4 });
  h.publish("a", 0, h.clock.now() - 5);
  const down = await evaluateRound(h.deps);
  // The instances wait while the tasks are still there (planGroupCapacity), so no timer yet.
  expect(down.outcomes[0]?.actions).toEqual(["ecs:llm-a=1"]);
  expect((await h.states.get("a"))?.groupScaleIn).toBeNull();
  h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
  return h;
}

/** One more round `afterS` seconds on, with no load. */
async function roundAfter(h: ReturnType<typeof engineHarness>, afterS: number, load = 0) {
  h.clock.advance(afterS);
  h.publish("a", load, h.clock.now() - 30);
  return evaluateRound(h.deps);
}

/** Targets a and b with one idle task each on gpu-asg at 4 instances. */
function sharedIdleGroup() {
  const h = engineHarness();
  for (const id of ["a", "b"]) {
    h.policies.putRaw(id, directPolicy(id));
    h.services.set("gpu", `llm-${id}`, { desired: 1, running: 1, pending: 0 });
    h.publish(id, 0, h.clock.now() - 1);
  }
  h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 4, inService: 4 });
  return h;
}

describe("instances the tasks no longer need, in a round", () => {
  it("keeps the group instance_idle_s from when the plan first wanted fewer, on the stored timer, then lowers it", async () => {
    const h = await drained();
    const first = await roundAfter(h, 10);
    const since = h.clock.now();
    expect(first.outcomes[0]?.actions).toEqual([]);
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 1, since }],
      kept: 4,
    });
    const until = new Date((since + 300) * 1000).toISOString().slice(11, 19);
    expect(first.outcomes[0]?.record?.reason).toContain(
      `[Auto Scaling group gpu-asg: 4 instances kept (1 needed) until ${until} UTC, capacity.instance_idle_s 300]`,
    );

    const later = await roundAfter(h, 200);
    expect(later.outcomes[0]?.actions).toEqual([]);
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 1, since }],
      kept: 4,
    });

    const due = await roundAfter(h, 100);
    expect(due.outcomes[0]?.actions).toEqual(["asg:gpu-asg=1"]);
    expect(due.outcomes[0]?.record?.reason).toContain(
      "[Auto Scaling group gpu-asg: lowered to 1 instances, not needed for 300 s >= capacity.instance_idle_s 300]",
    );
    expect((await h.states.get("a"))?.groupScaleIn).toBeNull();
    expect(h.capacity.groups.get("gpu-asg")?.desired).toBe(1);
  });

  it("gives an instance the plan stops needing during the wait its own full wait, lowering the group count by count", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", directPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 4, running: 4, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 4, inService: 4 });
    // 5 ongoing per replica on 4 (20) at 10 per replica: 2 tasks; the instances wait for the tasks still present.
    expect((await roundAfter(h, 0, 5)).outcomes[0]?.actions).toEqual(["ecs:llm-a=2"]);
    h.services.set("gpu", "llm-a", { desired: 2, running: 2, pending: 0 });
    await roundAfter(h, 10, 10);
    const first = h.clock.now();
    // 200 s on the load halves: 1 task; once it is gone, the second instance's timer starts.
    expect((await roundAfter(h, 200, 5)).outcomes[0]?.actions).toEqual(["ecs:llm-a=1"]);
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    await roundAfter(h, 10, 10);
    const second = h.clock.now();
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [
        { instances: 2, since: first },
        { instances: 1, since: second },
      ],
      kept: 4,
    });

    // 300 s after the first: only the two instances not needed since then go.
    const due = await roundAfter(h, first + 300 - h.clock.now(), 10);
    expect(due.outcomes[0]?.actions).toEqual(["asg:gpu-asg=2"]);
    expect(due.outcomes[0]?.record?.reason).toContain(
      "[Auto Scaling group gpu-asg: lowered to 2 instances, not needed for 300 s >= capacity.instance_idle_s 300; 2 instances kept (1 needed) until",
    );
    h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 2, inService: 2 });
    expect((await roundAfter(h, second + 290 - h.clock.now(), 10)).outcomes[0]?.actions).toEqual([]);
    expect((await roundAfter(h, 10, 10)).outcomes[0]?.actions).toEqual(["asg:gpu-asg=1"]);
    expect((await h.states.get("a"))?.groupScaleIn).toBeNull();
  });

  it("raises at once during the wait and clears the timer", async () => {
    const h = await drained();
    await roundAfter(h, 10);
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    // 60 ongoing on 1 replica / 10 per replica: 6 tasks, 6 instances.
    const up = await roundAfter(h, 100, 60);
    expect(up.outcomes[0]?.actions).toEqual(["asg:gpu-asg=6", "ecs:llm-a=6"]);
    expect(up.outcomes[0]?.record?.direction).toBe("up");
    expect((await h.states.get("a"))?.groupScaleIn).toBeNull();
  });

  it("lowers at once with instance_idle_s 0, as before the rule", async () => {
    const h = await drained({ instance_idle_s: 0 });
    const next = await roundAfter(h, 10);
    expect(next.outcomes[0]?.actions).toEqual(["asg:gpu-asg=1"]);
    expect(next.outcomes[0]?.record?.reason).not.toContain("instance_idle_s");
    expect((await h.states.get("a"))?.groupScaleIn).toBeNull();
  });

  it("changes no scale-in protection while the group is kept, and protects the busy instance when it is lowered", async () => {
    const h = engineHarness();
    h.policies.putRaw("a", directPolicy("a"));
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    const member = (instanceId: string) => ({
      instanceId,
      lifecycleState: "InService",
      protectedFromScaleIn: false,
    });
    h.capacity.groups.set("gpu-asg", {
      min: 0,
      max: 10,
      desired: 3,
      inService: 3,
      instances: [member("i-1"), member("i-2"), member("i-3")],
    });
    h.capacity.hosted.set(
      "gpu",
      new Map([["i-2", { running: 1, pending: 0, stopping: 0, status: "ACTIVE" }]]),
    );
    const kept = await roundAfter(h, 0);
    expect(kept.outcomes[0]?.actions).toEqual([]);
    expect(h.capacity.protectionCalls).toEqual([]);
    const due = await roundAfter(h, 300);
    expect(due.outcomes[0]?.actions).toEqual(["asg-protect:gpu-asg=i-2", "asg:gpu-asg=1"]);
  });

  it("states a shared group's instances as set while idle ones are kept, not as the tasks need them", async () => {
    const h = sharedIdleGroup();

    const kept = await evaluateRound(h.deps);
    expect(h.capacity.calls).toEqual([]);
    for (const o of kept.outcomes) {
      expect(o.record?.reason).toContain(
        "[Auto Scaling group gpu-asg shared: 4 instances for 2 tasks (a 1 + b 1), set by a]",
      );
      expect(o.record?.reason).toContain("4 instances kept (2 needed)");
    }

    h.clock.advance(300);
    for (const id of ["a", "b"]) h.publish(id, 0, h.clock.now() - 1);
    const lowered = await evaluateRound(h.deps);
    expect(h.capacity.groups.get("gpu-asg")?.desired).toBe(2);
    for (const o of lowered.outcomes) {
      expect(o.record?.reason).toContain(
        "[Auto Scaling group gpu-asg shared: 2 instances for 2 tasks (a 1 + b 1), set by a]",
      );
      expect(o.record?.reason).toContain("lowered to 2 instances");
    }
  });

  it("keeps the timer in the state of the member that sets a shared group; a new controller starts its own", async () => {
    const h = sharedIdleGroup();
    const first = await evaluateRound(h.deps);
    const since = h.clock.now();
    expect(h.capacity.calls).toEqual([]);
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 2, since }],
      kept: 4,
    });
    expect((await h.states.get("b"))?.groupScaleIn).toBeNull();
    for (const o of first.outcomes) expect(o.record?.reason).toContain("4 instances kept (2 needed)");

    // a is paused: b sets the group now and waits its own full instance_idle_s.
    h.policies.putRaw("a", directPolicy("a", { paused: true }));
    h.clock.advance(250);
    for (const id of ["a", "b"]) h.publish(id, 0, h.clock.now() - 1);
    await evaluateRound(h.deps);
    expect((await h.states.get("b"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 2, since: since + 250 }],
      kept: 4,
    });
    expect((await h.states.get("a"))?.groupScaleIn).toBeNull();
    h.clock.advance(100);
    for (const id of ["a", "b"]) h.publish(id, 0, h.clock.now() - 1);
    await evaluateRound(h.deps);
    expect(h.capacity.calls).toEqual([]);
  });

  it("starts the wait anew when the group was raised since the timer was stored (outside driftless), never lowering at once", async () => {
    const h = await drained();
    await roundAfter(h, 10);
    const since = h.clock.now();
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 1, since }],
      kept: 4,
    });
    // An operator raises the group to 6 during the wait; when a's timer comes due, the raised instances
    // have not been idle for instance_idle_s: the wait starts again instead of dropping them at once.
    h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 6, inService: 6 });
    const due = await roundAfter(h, 300);
    expect(due.outcomes[0]?.actions).toEqual([]);
    expect(due.outcomes[0]?.record?.reason).toContain("6 instances kept (1 needed)");
    expect((await h.states.get("a"))?.groupScaleIn).toEqual({
      group: "gpu-asg",
      steps: [{ instances: 1, since: h.clock.now() }],
      kept: 6,
    });
    expect((await roundAfter(h, 300)).outcomes[0]?.actions).toEqual(["asg:gpu-asg=1"]);
  });

  it.each([
    [
      "lowers the group at once while a forecast floor acts (the floor keeps what the history needs)",
      "forecast_and_scale",
      ["asg:gpu-asg=1"],
    ],
    ["keeps them instance_idle_s under a forecast that does not act (forecast_only)", "forecast_only", []],
  ])("%s", async (_name, mode, actions) => {
    const h = engineHarness();
    h.policies.putRaw("a", directPolicy("a", { predictive: { mode, lead_time_s: 300 } }));
    h.services.set("gpu", "llm-a", { desired: 1, running: 1, pending: 0 });
    h.capacity.groups.set("gpu-asg", { min: 0, max: 20, desired: 4, inService: 4 });
    h.publish("a", 5, h.clock.now() - 5);
    const forecasts = new InMemoryForecastStore();
    const madeAt = h.clock.now() - 60;
    await forecasts.put("a", {
      madeAt,
      startS: Math.floor(madeAt / 300) * 300,
      stepS: 300,
      values: Array.from({ length: 576 }, () => 5),
      recentRatio: 1,
      historyS: 2 * 86_400,
      timezone: "UTC",
    });
    const round = await evaluateRound({ ...h.deps, forecasts });
    expect(round.outcomes[0]?.actions).toEqual(actions);
  });
});
