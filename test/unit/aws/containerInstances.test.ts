import type { ContainerInstance } from "@aws-sdk/client-ecs";
import { describe, expect, it } from "vitest";
import {
  buildDescribeContainerInstancesInputs,
  buildListContainerInstancesInput,
} from "../../../shared/aws/buildContainerInstanceInputs";
import { buildSetInstanceProtectionInputs } from "../../../shared/aws/buildSetInstanceProtectionInputs";
import { parseContainerInstances } from "../../../shared/aws/parseContainerInstances";

describe("container-instance requests", () => {
  it("lists a cluster's container instances in pages of 100, passing the page token on", () => {
    expect(buildListContainerInstancesInput("gpu", undefined)).toEqual({ cluster: "gpu", maxResults: 100 });
    expect(buildListContainerInstancesInput("gpu", "t2")).toEqual({
      cluster: "gpu",
      maxResults: 100,
      nextToken: "t2",
    });
  });

  it("describes at most 100 distinct container instances a call, and makes no call for none", () => {
    const arns = [...Array.from({ length: 101 }, (_, i) => `arn:ci/${i}`), "arn:ci/0"];
    const inputs = buildDescribeContainerInstancesInputs("gpu", arns);
    expect(inputs.map((i) => [i.cluster, i.containerInstances?.length])).toEqual([
      ["gpu", 100],
      ["gpu", 1],
    ]);
    expect(buildDescribeContainerInstancesInputs("gpu", [])).toEqual([]);
  });

  it("sets scale-in protection on at most 50 distinct instances a call, and makes no call for none", () => {
    const ids = [...Array.from({ length: 51 }, (_, i) => `i-${i}`), "i-0"];
    const inputs = buildSetInstanceProtectionInputs({ groupName: "g", instanceIds: ids, protect: true });
    expect(
      inputs.map((i) => [i.AutoScalingGroupName, i.InstanceIds?.length, i.ProtectedFromScaleIn]),
    ).toEqual([
      ["g", 50, true],
      ["g", 1, true],
    ]);
    expect(buildSetInstanceProtectionInputs({ groupName: "g", instanceIds: [], protect: false })).toEqual([]);
  });
});

describe("parseContainerInstances", () => {
  it("keys each container instance's running, pending and stopping tasks and status by its EC2 instance id", () => {
    const instances: ContainerInstance[] = [
      {
        ec2InstanceId: "i-1",
        containerInstanceArn: "arn:ci/1",
        runningTasksCount: 2,
        pendingTasksCount: 1,
        status: "ACTIVE",
      },
      { ec2InstanceId: "i-2", containerInstanceArn: "arn:ci/2", status: "DRAINING" },
      { containerInstanceArn: "arn:external", runningTasksCount: 3 },
    ];
    const stopping = new Map([
      ["arn:ci/2", 1],
      ["arn:external", 2],
    ]);
    expect(parseContainerInstances(instances, stopping)).toEqual(
      new Map([
        ["i-1", { running: 2, pending: 1, stopping: 0, status: "ACTIVE" }],
        ["i-2", { running: 0, pending: 0, stopping: 1, status: "DRAINING" }],
      ]),
    );
  });
});
