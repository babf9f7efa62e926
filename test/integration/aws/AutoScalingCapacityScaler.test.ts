import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  PutWarmPoolCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  CreateClusterCommand,
  RegisterContainerInstanceCommand,
  RegisterTaskDefinitionCommand,
  StartTaskCommand,
  StopTaskCommand,
} from "@aws-sdk/client-ecs";
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
  countAwsCalls(aws.ecs, calls);
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

/** A group member as read: an unprotected InService instance (moto's ids are random). */
const inService = {
  instanceId: expect.stringMatching(/^i-/),
  lifecycleState: "InService",
  protectedFromScaleIn: false,
};

/** The instance ids of a group, in the order it lists them. */
async function instanceIdsOf(group: string): Promise<string[]> {
  const capacity = (await scaler.describe([group])).get(group);
  return (capacity?.instances ?? []).map((i) => i.instanceId);
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
        // moto: instances InService at once
        ["gpu-a", { min: 0, max: 4, desired: 2, inService: 2, instances: [inService, inService] }],
        ["gpu-b", { min: 0, max: 4, desired: 0, inService: 0, instances: [] }],
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
      instances: [inService],
      warmPool: {
        poolState: "Stopped",
        stopped: 0,
        running: 0,
        hibernated: 0,
        preparing: 0,
        reuseOnScaleIn: true,
      },
    });
    expect(capacities.get("gpu-cold")).toEqual({
      min: 0,
      max: 4,
      desired: 1,
      inService: 1,
      instances: [inService],
    });
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

  /** The group's instances registered with the cluster `gpu` (as the ECS agent does at boot); their ARNs. */
  async function registerWithCluster(ids: readonly string[]): Promise<string[]> {
    await aws.ecs.send(new CreateClusterCommand({ clusterName: "gpu" }));
    await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "llm",
        containerDefinitions: [{ name: "vllm", image: "vllm/vllm-openai:latest", memory: 512 }],
      }),
    );
    const arns: string[] = [];
    for (const instanceId of ids) {
      const out = await aws.ecs.send(
        new RegisterContainerInstanceCommand({
          cluster: "gpu",
          instanceIdentityDocument: JSON.stringify({ instanceId, region: "us-east-1" }),
        }),
      );
      arns.push(out.containerInstance?.containerInstanceArn ?? "");
    }
    return arns;
  }

  it("reads which instances host tasks: one ListContainerInstances, one ListTasks of stopping tasks, one DescribeContainerInstances per 100", async () => {
    // arrange: both instances of the group registered with the cluster, a task started on the first
    await createGroups({ "gpu-a": 2 });
    const ids = await instanceIdsOf("gpu-a");
    const arns = await registerWithCluster(ids);
    await aws.ecs.send(
      new StartTaskCommand({ cluster: "gpu", taskDefinition: "llm", containerInstances: [arns[0]!] }),
    );
    calls.reset();

    // act
    const hosted = await scaler.hostedTasks("gpu");

    // assert: no task is being stopped, so no DescribeTasks
    expect(calls.snapshot()).toEqual({
      "ECS:ListContainerInstances": 1,
      "ECS:ListTasks": 1,
      "ECS:DescribeContainerInstances": 1,
    });
    expect(hosted).toEqual(
      new Map([
        [ids[0], { running: 1, pending: 0, stopping: 0, status: "ACTIVE" }],
        [ids[1], { running: 0, pending: 0, stopping: 0, status: "ACTIVE" }],
      ]),
    );
  });

  it("reads the tasks being stopped with DescribeTasks; one the emulator has already STOPPED leaves its instance idle", async () => {
    // arrange: a task on each instance, the second one stopped. moto's StopTask sets both its desired and
    // its last status to STOPPED at once (no stop timeout), so a task still draining cannot be staged here:
    // that case is proven on the parser (test/unit/aws/stoppingTasks.test.ts).
    await createGroups({ "gpu-a": 2 });
    const ids = await instanceIdsOf("gpu-a");
    const arns = await registerWithCluster(ids);
    const started = await aws.ecs.send(
      new StartTaskCommand({ cluster: "gpu", taskDefinition: "llm", containerInstances: arns }),
    );
    const onSecond = started.tasks?.find((t) => t.containerInstanceArn === arns[1]);
    await aws.ecs.send(new StopTaskCommand({ cluster: "gpu", task: onSecond?.taskArn ?? "" }));
    calls.reset();

    // act
    const hosted = await scaler.hostedTasks("gpu");

    // assert
    expect(calls.snapshot()).toEqual({
      "ECS:ListContainerInstances": 1,
      "ECS:ListTasks": 1,
      "ECS:DescribeTasks": 1,
      "ECS:DescribeContainerInstances": 1,
    });
    expect(hosted).toEqual(
      new Map([
        [ids[0], { running: 1, pending: 0, stopping: 0, status: "ACTIVE" }],
        [ids[1], { running: 0, pending: 0, stopping: 0, status: "ACTIVE" }],
      ]),
    );
  });

  it("reads no container instances of a cluster without any, with no DescribeTasks or DescribeContainerInstances", async () => {
    await aws.ecs.send(new CreateClusterCommand({ clusterName: "empty" }));
    calls.reset();
    expect(await scaler.hostedTasks("empty")).toEqual(new Map());
    expect(calls.snapshot()).toEqual({ "ECS:ListContainerInstances": 1, "ECS:ListTasks": 1 });
  });

  it("sets and clears scale-in protection on the named instances only, and calls nothing for none", async () => {
    // arrange
    await createGroups({ "gpu-a": 3 });
    const ids = await instanceIdsOf("gpu-a");
    calls.reset();

    // act
    await scaler.setScaleInProtection({ groupName: "gpu-a", instanceIds: [ids[0]!, ids[2]!], protect: true });
    await scaler.setScaleInProtection({ groupName: "gpu-a", instanceIds: [ids[2]!], protect: false });
    await scaler.setScaleInProtection({ groupName: "gpu-a", instanceIds: [], protect: true });

    // assert
    expect(calls.snapshot()).toEqual({ "AutoScaling:SetInstanceProtection": 2 });
    const members = (await scaler.describe(["gpu-a"])).get("gpu-a")?.instances ?? [];
    expect(members.map((m) => [m.instanceId, m.protectedFromScaleIn])).toEqual([
      [ids[0], true],
      [ids[1], false],
      [ids[2], false],
    ]);
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
