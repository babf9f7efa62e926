import type { AutoScalingGroup, DescribeWarmPoolAnswer } from "@aws-sdk/client-auto-scaling";
import { describe, expect, it } from "vitest";
import { parseGroupCapacities } from "../../../shared/aws/parseGroupCapacities";
import { groupsWithWarmPool, parseWarmPool } from "../../../shared/aws/parseWarmPool";

const instances = (...states: string[]) =>
  states.map((LifecycleState, k) => ({ InstanceId: `i-${k}`, LifecycleState }));

describe("groupsWithWarmPool", () => {
  it("names only the groups whose description reports a warm pool configuration", () => {
    const groups: AutoScalingGroup[] = [
      { AutoScalingGroupName: "warm", WarmPoolConfiguration: { PoolState: "Stopped" } } as AutoScalingGroup,
      { AutoScalingGroupName: "cold" } as AutoScalingGroup,
    ];
    expect(groupsWithWarmPool(groups)).toEqual(["warm"]);
  });
});

describe("parseWarmPool", () => {
  it.each<[string, DescribeWarmPoolAnswer[], Record<string, unknown>]>([
    [
      "counts ready instances by state across pages",
      [
        {
          WarmPoolConfiguration: { PoolState: "Stopped", InstanceReusePolicy: { ReuseOnScaleIn: true } },
          Instances: instances("Warmed:Stopped", "Warmed:Stopped", "Warmed:Running") as never,
          NextToken: "t",
        },
        { Instances: instances("Warmed:Hibernated", "Warmed:Stopped") as never },
      ],
      { poolState: "Stopped", stopped: 3, running: 1, hibernated: 1, preparing: 0, reuseOnScaleIn: true },
    ],
    [
      "instances being prepared are not ready; terminating ones count nowhere",
      [
        {
          WarmPoolConfiguration: { PoolState: "Running" },
          Instances: instances("Warmed:Pending", "Warmed:Pending:Wait", "Warmed:Terminating") as never,
        },
      ],
      { poolState: "Running", stopped: 0, running: 0, hibernated: 0, preparing: 2, reuseOnScaleIn: false },
    ],
    [
      "an unreported pool state is the API's default, Stopped",
      [{ WarmPoolConfiguration: {}, Instances: [] }],
      { poolState: "Stopped", stopped: 0, running: 0, hibernated: 0, preparing: 0, reuseOnScaleIn: false },
    ],
  ])("%s", (_name, pages, expected) => {
    expect(parseWarmPool(pages)).toEqual(expected);
  });
});

describe("parseGroupCapacities with warm pools", () => {
  it("attaches a group's warm pool and leaves a group without one as it was", () => {
    const pool = parseWarmPool([{ WarmPoolConfiguration: { PoolState: "Stopped" }, Instances: [] }]);
    const groups = [
      { AutoScalingGroupName: "warm", MinSize: 0, MaxSize: 4, DesiredCapacity: 1, Instances: [] },
      { AutoScalingGroupName: "cold", MinSize: 0, MaxSize: 4, DesiredCapacity: 1, Instances: [] },
    ] as unknown as AutoScalingGroup[];
    const capacities = parseGroupCapacities(groups, new Map([["warm", pool]]));
    expect(capacities.get("warm")).toEqual({
      min: 0,
      max: 4,
      desired: 1,
      inService: 0,
      instances: [],
      warmPool: pool,
    });
    expect(capacities.get("cold")).not.toHaveProperty("warmPool");
  });
});
