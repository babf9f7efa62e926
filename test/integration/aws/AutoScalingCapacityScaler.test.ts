import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  PutWarmPoolCommand,
} from "@aws-sdk/client-auto-scaling";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { AutoScalingCapacityScaler } from "../../../shared/aws/AutoScalingCapacityScaler";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { AwsCallError } from "../../../shared/errors/AwsCallError";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";

const onMoto = inject("awsEmulator") === "moto";
let aws: AwsTestClients;
let calls: AwsCallCounter;
let scaler: AutoScalingCapacityScaler;

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.autoScaling, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  calls.reset();
  scaler = new AutoScalingCapacityScaler({ autoscaling: aws.autoScaling, ecs: aws.ecs });
});

/** GPU groups from one launch configuration, min 0, max 4. */
async function createGroups(groups: Record<string, number>): Promise<void> {
  await aws.autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: "gpu-lc",
      ImageId: "ami-12c6146b",
      InstanceType: "g5.xlarge",
    }),
  );
  for (const [name, desired] of Object.entries(groups)) {
    await aws.autoScaling.send(
      new CreateAutoScalingGroupCommand({
        AutoScalingGroupName: name,
        LaunchConfigurationName: "gpu-lc",
        MinSize: 0,
        MaxSize: 4,
        DesiredCapacity: desired,
        AvailabilityZones: ["us-east-1a"],
      }),
    );
  }
  calls.reset();
}

describe("AutoScalingCapacityScaler", () => {
  it("describes groups by name in batches of 50; unknown names are absent", async () => {
    // arrange
    await createGroups({ "gpu-a": 2, "gpu-b": 0 });
    const names = ["gpu-a", ...Array.from({ length: 50 }, (_, i) => `unknown-${i}`), "gpu-b", "gpu-a"];

    // act
    const capacities = await scaler.describe(names);

    // assert: 52 distinct names -> 2 calls
    expect(calls.snapshot()).toEqual({ "AutoScaling:DescribeAutoScalingGroups": 2 });
    expect(capacities).toEqual(
      new Map([
        ["gpu-a", { min: 0, max: 4, desired: 2, inService: 2 }], // moto: instances InService at once
        ["gpu-b", { min: 0, max: 4, desired: 0, inService: 0 }],
      ]),
    );
  });

  it("reads the warm pool of a group that has one, with one DescribeWarmPool for that group only", async () => {
    // arrange: gpu-warm keeps stopped instances and takes them back on scale-in; gpu-cold has no pool
    await createGroups({ "gpu-warm": 1, "gpu-cold": 1 });
    await aws.autoScaling.send(
      new PutWarmPoolCommand({
        AutoScalingGroupName: "gpu-warm",
        PoolState: "Stopped",
        MinSize: 2,
        InstanceReusePolicy: { ReuseOnScaleIn: true },
      }),
    );
    calls.reset();

    // act
    const capacities = await scaler.describe(["gpu-warm", "gpu-cold"]);

    // assert: moto keeps the pool's configuration but lists no warm instances
    expect(calls.snapshot()).toEqual({
      "AutoScaling:DescribeAutoScalingGroups": 1,
      "AutoScaling:DescribeWarmPool": 1,
    });
    expect(capacities.get("gpu-warm")).toEqual({
      min: 0,
      max: 4,
      desired: 1,
      inService: 1,
      warmPool: {
        poolState: "Stopped",
        stopped: 0,
        running: 0,
        hibernated: 0,
        preparing: 0,
        reuseOnScaleIn: true,
      },
    });
    expect(capacities.get("gpu-cold")).toEqual({ min: 0, max: 4, desired: 1, inService: 1 });
  });

  it("makes no call for no names (a call without names would describe every group)", async () => {
    // act
    const capacities = await scaler.describe([]);

    // assert
    expect(capacities.size).toBe(0);
    expect(calls.total()).toBe(0);
  });

  it("sets the desired capacity", async () => {
    // arrange
    await createGroups({ "gpu-a": 1 });

    // act
    await scaler.setDesired("gpu-a", 3);
    const capacities = await scaler.describe(["gpu-a"]);

    // assert
    expect(capacities.get("gpu-a")).toMatchObject({ desired: 3 });
    expect(calls.snapshot()).toEqual({
      "AutoScaling:DescribeAutoScalingGroups": 1,
      "AutoScaling:SetDesiredCapacity": 1,
    });
  });

  it.runIf(onMoto)("moto: a missing group's HTML 500 surfaces as an AwsCallError", async () => {
    // arrange: no retries of moto's deterministic 500
    const client = new AutoScalingClient({ maxAttempts: 1 });

    // act
    const error = await new AutoScalingCapacityScaler({ autoscaling: client, ecs: aws.ecs })
      .setDesired("missing", 1)
      .catch((e: unknown) => e);
    client.destroy();

    // assert
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ service: "AutoScaling", operation: "SetDesiredCapacity" });
    expect((error as AwsCallError).message).toMatch(/XML parse error/);
  });
});
