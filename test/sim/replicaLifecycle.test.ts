import { describe, expect, it } from "vitest";
import { FixedCapacity } from "../../sim/capacity/FixedCapacity";
import { NodeAutoscaler } from "../../sim/capacity/NodeAutoscaler";
import { timelineAt } from "../../sim/model/timelineAt";
import { World } from "../../sim/model/World";
import { SimLoop } from "../../sim/SimLoop";
import type { Workload } from "../../sim/traces/Workload";
import { fixedStage, tinyTrace } from "./simFixtures";

const quiet = tinyTrace(
  [
    { t: 0, rps: 0 },
    { t: 3600, rps: 0 },
  ],
  3600,
  fixedStage({ modelLoadS: [30, 90] }),
);
const none: Workload = {
  arrivals: new Float64Array(0),
  firstOutputS: [new Float64Array(0)],
  serviceS: [new Float64Array(0)],
};

/** The first time the step function reaches `value`, or null. */
function firstAt(timeline: { t: number[]; v: number[] }, value: number): number | null {
  const i = timeline.v.findIndex((v) => v >= value);
  return i < 0 ? null : timeline.t[i]!;
}

describe("replica lifecycle", () => {
  it("with a free GPU a new replica is pending while its model loads (30-90 s), then serves", async () => {
    // arrange: two instances, one replica: a GPU is free
    const loop = new SimLoop(quiet.start);
    const world = new World(loop, quiet, none, 1, [1], new FixedCapacity(2));
    // act
    world.setDesired(0, 2, null, 0);
    await loop.run(quiet.start + 200);
    // assert
    const t0 = quiet.start;
    expect(timelineAt(world.pending[0]!, t0)).toBe(1);
    const servedAt = firstAt(world.serving[0]!, 2)!;
    expect(servedAt - t0).toBeGreaterThanOrEqual(30);
    expect(servedAt - t0).toBeLessThanOrEqual(90);
    expect(world.pool.instances.filter((i) => i.freeGpus === 0)).toHaveLength(2);
  });

  it("with no free GPU it waits for an instance to boot, then loads: boot + load", async () => {
    const trace = { ...quiet, stages: [fixedStage({ modelLoadS: [60, 60] })] };
    const loop = new SimLoop(trace.start);
    // A node autoscaler that checks every 5 s; instances boot in exactly 200 s (the fixture's spec).
    const world = new World(loop, trace, none, 1, [1], new NodeAutoscaler("nodes", 5, 300));
    world.setDesired(0, 2, null, 0);
    await loop.run(trace.start + 400);
    const launched = world.pool.instances[1]!;
    expect(launched.launchedAt - trace.start).toBe(5);
    expect(launched.readyAt - trace.start).toBe(205);
    expect(firstAt(world.serving[0]!, 2)! - trace.start).toBe(265);
  });

  it("drains on scale-in: in-flight requests finish, nothing new is sent to it, then its GPU is freed", async () => {
    // arrange: one replica; three 100 s requests at t = 1..3; a fourth at t = 50
    const trace = { ...quiet, stages: [fixedStage()] };
    const workload: Workload = {
      arrivals: Float64Array.from([1, 2, 3, 50]),
      firstOutputS: [new Float64Array(4)],
      serviceS: [Float64Array.from([100, 100, 100, 100])],
    };
    const loop = new SimLoop(trace.start);
    const world = new World(loop, trace, workload, 1, [1], new FixedCapacity(1));
    const times = world.times[0]!;
    // act: scale to zero at t = 10
    await loop.run(trace.start + 10);
    world.setDesired(0, 0, null, 0);
    await loop.run(trace.start + 102.5);
    const instance = world.pool.instances[0]!;
    const busyBeforeLastDone = instance.freeGpus;
    await loop.run(trace.start + 200);
    // assert
    expect([times.done[0], times.done[1], times.done[2]].map((t) => t! - trace.start)).toEqual([
      101, 102, 103,
    ]);
    expect(Number.isNaN(times.start[3]!)).toBe(true);
    expect(busyBeforeLastDone).toBe(0);
    expect(instance.freeGpus).toBe(1);
    expect(world.services[0]!.counts()).toEqual({ desired: 0, running: 0, pending: 0, draining: 0 });
    expect(world.services[0]!.queued).toBe(1);
  });

  it("cancels replicas that are not serving yet before draining serving ones", async () => {
    const loop = new SimLoop(quiet.start);
    const world = new World(loop, quiet, none, 1, [1], new FixedCapacity(1));
    world.setDesired(0, 3, null, 0);
    expect(world.services[0]!.counts()).toMatchObject({ running: 1, pending: 2 });
    world.setDesired(0, 1, null, 0);
    expect(world.services[0]!.counts()).toEqual({ desired: 1, running: 1, pending: 0, draining: 0 });
  });

  it("queues requests when every slot is taken and serves them first come, first served", async () => {
    const trace = { ...quiet, stages: [fixedStage({ maxOngoingRequests: 1 })] };
    const workload: Workload = {
      arrivals: Float64Array.from([0, 1, 2]),
      firstOutputS: [Float64Array.from([0.5, 0.5, 0.5])],
      serviceS: [Float64Array.from([10, 10, 10])],
    };
    const loop = new SimLoop(trace.start);
    const world = new World(loop, trace, workload, 1, [1], new FixedCapacity(1));
    await loop.run(trace.start + 100);
    const t = world.times[0]!;
    // TTFT = queueing + prefill.
    expect(Array.from(t.first, (f, i) => f - t.arrive[i]!)).toEqual([0.5, 10, 19.5]);
  });
});
