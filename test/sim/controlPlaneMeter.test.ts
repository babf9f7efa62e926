import { describe, expect, it } from "vitest";
import { ControlPlaneMeter } from "../../sim/driftless/ControlPlaneMeter";

describe("ControlPlaneMeter.snapshot", () => {
  it("is a copy that later calls do not change", () => {
    const meter = new ControlPlaneMeter();
    meter.call("ECS:DescribeServices");
    const first = meter.snapshot();
    expect(first).toEqual({ "ECS:DescribeServices": 1 });
    meter.call("ECS:DescribeServices", 2);
    expect(first).toEqual({ "ECS:DescribeServices": 1 });
    expect(meter.snapshot()).toEqual({ "ECS:DescribeServices": 3 });
  });
});
