import { describe, expect, it } from "vitest";
import { ControlPlaneMeter } from "../../sim/driftless/ControlPlaneMeter";

describe("ControlPlaneMeter.snapshot", () => {
  it("is a copy that later calls do not change, handed out again (frozen) until a call is counted", () => {
    const meter = new ControlPlaneMeter();
    meter.call("ECS:DescribeServices");
    const first = meter.snapshot();
    expect(first).toEqual({ "ECS:DescribeServices": 1 });
    expect(Object.isFrozen(first)).toBe(true);
    expect(meter.snapshot()).toBe(first);
    meter.call("ECS:DescribeServices", 2);
    expect(first).toEqual({ "ECS:DescribeServices": 1 });
    expect(meter.snapshot()).toEqual({ "ECS:DescribeServices": 3 });
    expect(meter.snapshot()).not.toBe(first);
  });
});
