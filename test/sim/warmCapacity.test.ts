import { describe, expect, it } from "vitest";
import { DirectCapacity } from "../../sim/capacity/DirectCapacity";
import { EcsManagedScaling } from "../../sim/capacity/EcsManagedScaling";
import { NodeAutoscaler } from "../../sim/capacity/NodeAutoscaler";
import { STOPPED_INSTANCE_RESTART_S } from "../../sim/capacity/stoppedInstanceRestart";
import { ControlPlaneMeter } from "../../sim/driftless/ControlPlaneMeter";
import { SimCapacityScaler } from "../../sim/driftless/SimCapacityScaler";
import { World } from "../../sim/model/World";
import { SimLoop } from "../../sim/SimLoop";
import type { Workload } from "../../sim/traces/Workload";
import { fixedStage, tinyTrace } from "./simFixtures";

const trace = tinyTrace([{ t: 0, rps: 0 }], 7200, fixedStage({ modelLoadS: [60, 60] }));
const none: Workload = {
  arrivals: new Float64Array(0),
  firstOutputS: [new Float64Array(0)],
  serviceS: [new Float64Array(0)],
};

describe("warm capacity", () => {
  it("a warm pool restarts a stopped instance in STOPPED_INSTANCE_RESTART_S instead of a 200 s boot, billing EBS only while stopped", async () => {
    for (const warm of [true, false]) {
      const loop = new SimLoop(trace.start);
      const group = new DirectCapacity(warm ? { maxInstances: 4 } : null);
      const world = new World(loop, trace, none, 1, [1], group);
      // The pool holds the group's maximum minus its desired capacity, stopped.
      expect(world.pool.parked).toBe(warm ? 3 : 0);
      await loop.run(trace.start + 600);
      group.setDesiredCapacity(2);
      world.setDesired(0, 2, null, 0);
      await loop.run(trace.start + 1200);
      const second = world.pool.instances.find((i) => i.runs.some((r) => r.from === trace.start + 600))!;
      const startS = second.readyAt - (trace.start + 600);
      if (warm) {
        expect(startS).toBeGreaterThanOrEqual(STOPPED_INSTANCE_RESTART_S[0]);
        expect(startS).toBeLessThanOrEqual(STOPPED_INSTANCE_RESTART_S[1]);
        // Stopped for its first 600 s: EBS only; billed from the restart.
        expect(second.parks[0]).toEqual({ from: trace.start, to: trace.start + 600 });
        expect(world.pool.stoppedSeconds(trace.start, trace.start + 600)).toBe(3 * 600);
      } else {
        expect(startS).toBe(200);
        expect(world.pool.stoppedSeconds(trace.start, trace.start + 1200)).toBe(0);
      }
      expect(world.pool.gpuSeconds(trace.start + 600, trace.start + 1200)).toBe(2 * 600);
    }
  });

  it("scale-in returns instances to the warm pool instead of terminating them", async () => {
    const loop = new SimLoop(trace.start);
    const group = new DirectCapacity({ maxInstances: 4 });
    const world = new World(loop, trace, none, 1, [2], group);
    expect(world.pool.live).toBe(2);
    world.setDesired(0, 1, null, 0);
    group.setDesiredCapacity(1);
    await loop.run(trace.start + 60);
    expect(world.pool.live).toBe(1);
    expect(world.pool.parked).toBe(3);
    expect(world.pool.instances.filter((i) => i.state === "terminated")).toHaveLength(0);
  });

  it("DescribeWarmPool of the simulated group reads its stopped instances, and a group without a pool has none", async () => {
    for (const warm of [true, false]) {
      const loop = new SimLoop(trace.start);
      const group = new DirectCapacity(warm ? { maxInstances: 4 } : null);
      const world = new World(loop, trace, none, 1, [1], group);
      const scaler = new SimCapacityScaler("gpu-asg", 4, group, world, new ControlPlaneMeter());
      const described = (await scaler.describe(["gpu-asg"])).get("gpu-asg");
      expect(described?.warmPool).toEqual(
        warm
          ? {
              poolState: "Stopped",
              stopped: 3,
              running: 0,
              hibernated: 0,
              preparing: 0,
              reuseOnScaleIn: true,
            }
          : undefined,
      );
      expect(described?.instances).toHaveLength(1);
    }
  });

  it("ECS managed scaling launches 1-2 minutes after a task goes pending (a minute's datapoint, then its alarm)", async () => {
    const loop = new SimLoop(trace.start);
    const world = new World(loop, trace, none, 1, [1], new EcsManagedScaling(4, 0));
    await loop.run(trace.start + 130);
    world.setDesired(0, 2, null, 0);
    await loop.run(trace.start + 600);
    const launched = world.pool.instances[1]!;
    const waitedS = launched.launchedAt - (trace.start + 130);
    expect(waitedS).toBeGreaterThanOrEqual(60);
    expect(waitedS).toBeLessThanOrEqual(120);
  });

  it("Ray's cache_stopped_nodes stops an idle node and restarts it (about a minute) on the next scale-up", async () => {
    const loop = new SimLoop(trace.start);
    const nodes = new NodeAutoscaler("Ray", 5, 300, { restartS: STOPPED_INSTANCE_RESTART_S });
    const world = new World(loop, trace, none, 1, [2], nodes);
    world.setDesired(0, 1, null, 0);
    await loop.run(trace.start + 400);
    expect(world.pool.instances.map((i) => i.state).sort()).toEqual(["ready", "stopped"]);
    world.setDesired(0, 2, null, 0);
    await loop.run(trace.start + 1000);
    const node = world.pool.instances.find((i) => i.parks.length > 0)!;
    expect(node.state).toBe("ready");
    expect(world.pool.instances).toHaveLength(2);
    const restartS = node.readyAt - node.runs[1]!.from;
    expect(restartS).toBeGreaterThanOrEqual(STOPPED_INSTANCE_RESTART_S[0]);
    expect(restartS).toBeLessThanOrEqual(STOPPED_INSTANCE_RESTART_S[1]);
  });
});
