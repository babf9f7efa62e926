import { describe, expect, it } from "vitest";
import { DirectCapacity } from "../../sim/capacity/DirectCapacity";
import { FixedCapacity } from "../../sim/capacity/FixedCapacity";
import { ControlPlaneMeter } from "../../sim/driftless/ControlPlaneMeter";
import { SimCapacityScaler } from "../../sim/driftless/SimCapacityScaler";
import { World } from "../../sim/model/World";
import { SimLoop } from "../../sim/SimLoop";
import type { Workload } from "../../sim/traces/Workload";
import { fixedStage, tinyTrace } from "./simFixtures";

const trace = tinyTrace(
  [
    { t: 0, rps: 0 },
    { t: 3600, rps: 0 },
  ],
  3600,
  fixedStage(),
);
// One 100 s request at t = 1 on the only replica.
const workload: Workload = {
  arrivals: Float64Array.from([1]),
  firstOutputS: [new Float64Array(1)],
  serviceS: [Float64Array.from([100])],
};

describe("the simulated group's hosted tasks (capacity mode direct)", () => {
  it("reports an instance whose replica drains its in-flight request as hosting a stopping task, read with DescribeTasks", async () => {
    // arrange: one instance, one replica serving a request; the service scaled to zero at t = 10
    const loop = new SimLoop(trace.start);
    const world = new World(loop, trace, workload, 1, [1], new FixedCapacity(1));
    const meter = new ControlPlaneMeter();
    const scaler = new SimCapacityScaler("gpu", 4, new DirectCapacity(), world, meter);
    await loop.run(trace.start + 10);
    world.setDesired(0, 0, null, 0);

    // act: while it drains, and after the request is done
    const draining = await scaler.hostedTasks("gpu");
    const callsWhileDraining = { ...meter.calls };
    await loop.run(trace.start + 200);
    const stopped = await scaler.hostedTasks("gpu");

    // assert
    expect([...draining.values()]).toEqual([{ running: 0, pending: 0, stopping: 1, status: "ACTIVE" }]);
    expect(callsWhileDraining).toEqual({
      "ECS:ListContainerInstances": 1,
      "ECS:ListTasks": 1,
      "ECS:DescribeTasks": 1,
      "ECS:DescribeContainerInstances": 1,
    });
    expect([...stopped.values()]).toEqual([{ running: 0, pending: 0, stopping: 0, status: "ACTIVE" }]);
    expect(meter.calls["ECS:DescribeTasks"]).toBe(1);
    expect(meter.calls["ECS:ListTasks"]).toBe(2);
  });
});
