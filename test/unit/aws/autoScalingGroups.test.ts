import type { AutoScalingGroup } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { buildDescribeAutoScalingGroupsInputs } from "../../../shared/aws/buildDescribeAutoScalingGroupsInputs";
import { parseGroupCapacities } from "../../../shared/aws/parseGroupCapacities";

describe("buildDescribeAutoScalingGroupsInputs", () => {
  it("asks for at most 50 distinct names per call, in pages of 100", () => {
    // act
    const inputs = buildDescribeAutoScalingGroupsInputs([
      ...Array.from({ length: 51 }, (_, i) => `g${i}`),
      "g1",
    ]);

    // assert
    expect(inputs.map((input) => [input.AutoScalingGroupNames?.length, input.MaxRecords])).toEqual([
      [50, 100],
      [1, 100],
    ]);
  });

  it("makes no input for no names (which would describe every group)", () => {
    expect(buildDescribeAutoScalingGroupsInputs([])).toEqual([]);
  });
});

/** A group with only the fields a test sets (the SDK type marks many more as required). */
const group = (fields: object) => fields as AutoScalingGroup;

describe("parseGroupCapacities", () => {
  it("reads min, max, desired, the InService count and each instance's state and scale-in protection", () => {
    // act
    const capacities = parseGroupCapacities([
      group({
        AutoScalingGroupName: "gpu",
        MinSize: 0,
        MaxSize: 8,
        DesiredCapacity: 3,
        Instances: [
          { InstanceId: "i-1", LifecycleState: "InService", ProtectedFromScaleIn: true },
          { InstanceId: "i-2", LifecycleState: "Pending", ProtectedFromScaleIn: false },
          { InstanceId: "i-3", LifecycleState: "InService" },
          { InstanceId: "i-4", LifecycleState: "Terminating" },
          { LifecycleState: "InService" },
        ],
      }),
      group({ AutoScalingGroupName: "empty" }),
    ]);

    // assert
    const member = (instanceId: string, lifecycleState: string, protectedFromScaleIn = false) => ({
      instanceId,
      lifecycleState,
      protectedFromScaleIn,
    });
    expect(capacities).toEqual(
      new Map([
        [
          "gpu",
          {
            min: 0,
            max: 8,
            desired: 3,
            inService: 3,
            instances: [
              member("i-1", "InService", true),
              member("i-2", "Pending"),
              member("i-3", "InService"),
              member("i-4", "Terminating"),
            ],
          },
        ],
        ["empty", { min: 0, max: 0, desired: 0, inService: 0, instances: [] }],
      ]),
    );
  });
});
