import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { RegisterContainerInstanceCommand, StartTaskCommand, StopTaskCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExampleFleet, type ExampleFleet } from "../../demo/createExampleFleet";
import { evaluateRound } from "../../shared/engine/evaluateRound";
import type { ManualClock } from "../../shared/inMemory/ManualClock";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import type { AwsTestClients } from "../support/awsClients";
import { startEmulatorRuntime } from "../support/emulatorRuntime";

const NS = "Driftless/Inference";

let aws: AwsTestClients;
let runtime: Runtime;
let clock: ManualClock;
let fleet: ExampleFleet;
let t0: number;

beforeEach(async () => {
  ({ aws, runtime, clock, t0 } = await startEmulatorRuntime());
  // 3 tasks on 3 instances; only driftless sets the group (the provider's managed scaling off).
  fleet = await createExampleFleet(aws, {
    desired: 3,
    group: { min: 0, max: 8, desired: 3 },
    managedScaling: false,
  });
});

afterEach(() => aws.destroy());

/** The group's instance ids, in the order Auto Scaling lists them, and whether each is protected. */
async function groupInstances(): Promise<{ desired: number | undefined; instances: [string, boolean][] }> {
  const out = await aws.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [fleet.autoScalingGroup] }),
  );
  const group = out.AutoScalingGroups?.[0];
  return {
    desired: group?.DesiredCapacity,
    instances: (group?.Instances ?? []).map((i) => [i.InstanceId ?? "", i.ProtectedFromScaleIn === true]),
  };
}

/** Registers each of the group's instances with the cluster (as the ECS agent does at boot); their ARNs. */
async function registerContainerInstances(instanceIds: readonly string[]): Promise<string[]> {
  const arns: string[] = [];
  for (const instanceId of instanceIds) {
    const out = await aws.ecs.send(
      new RegisterContainerInstanceCommand({
        cluster: fleet.cluster,
        instanceIdentityDocument: JSON.stringify({ instanceId, region: "us-east-1" }),
      }),
    );
    arns.push(out.containerInstance?.containerInstanceArn ?? "");
  }
  return arns;
}

/** A direct-mode policy whose load (3 ongoing requests per replica, target 10) asks for 1 task. */
async function putLowLoadTarget(): Promise<void> {
  const service = fleet.services[0]!;
  await runtime.deps.policies.put(
    {
      targetId: service,
      updatedBy: "test",
      updatedAt: new Date(t0 * 1000).toISOString(),
      body: {
        min_replicas: 1,
        max_replicas: 8,
        target_ongoing_requests: 10,
        downscale_delay_s: 0,
        target: {
          cluster: fleet.cluster,
          service,
          // The lowering is under test, not the idle wait before it (instanceIdleOnEmulator.test.ts).
          capacity: { auto_scaling_group: fleet.autoScalingGroup, mode: "direct", instance_idle_s: 0 },
        },
        load: {
          metrics: [
            { namespace: NS, name: "OngoingRequests", dimensions: { Service: service }, per: "replica" },
          ],
        },
      },
    },
    0,
  );
  await aws.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: NS,
      MetricData: Array.from({ length: 10 }, (_, k) => ({
        MetricName: "OngoingRequests",
        Dimensions: [{ Name: "Service", Value: service }],
        Timestamp: new Date((t0 - 30 + k * 10) * 1000),
        Value: 3,
        StorageResolution: 1,
      })),
    }),
  );
}

describe("capacity mode direct on the emulator: a group is lowered only past idle instances", () => {
  it("protects the instance that hosts a task from scale-in, then lowers the group, which keeps that instance", async () => {
    // arrange: the group's first instance (the one the emulator's scale-in would take first) hosts a task
    const before = await groupInstances();
    const ids = before.instances.map(([id]) => id);
    expect(ids).toHaveLength(3);
    const [busyArn] = await registerContainerInstances(ids);
    await aws.ecs.send(
      new StartTaskCommand({ cluster: fleet.cluster, taskDefinition: "llm", containerInstances: [busyArn!] }),
    );
    await putLowLoadTarget();

    // act: the first round lowers the tasks (3 -> 1); the next, with 1 task left, lowers the group
    const first = await evaluateRound(runtime.deps);
    clock.advance(20);
    const second = await evaluateRound(runtime.deps);

    // assert
    const service = fleet.services[0]!;
    expect(first.outcomes[0]?.actions).toEqual([`ecs:${service}=1`]);
    expect(second.outcomes[0]?.actions).toEqual([
      `asg-protect:${fleet.autoScalingGroup}=${ids[0]}`,
      `asg:${fleet.autoScalingGroup}=1`,
    ]);
    expect(second.calls["ECS:ListContainerInstances"]).toBe(1);
    expect(second.calls["ECS:ListTasks"]).toBe(1);
    expect(second.calls["ECS:DescribeContainerInstances"]).toBe(1);
    expect(second.calls["AutoScaling:SetInstanceProtection"]).toBe(1);
    expect(await groupInstances()).toEqual({ desired: 1, instances: [[ids[0], true]] });
  });

  it("never lowers the group below the instances that host tasks, and the reason says so", async () => {
    // arrange: two of the three instances host a task, though the service is left with one
    const ids = (await groupInstances()).instances.map(([id]) => id);
    const arns = await registerContainerInstances(ids);
    await aws.ecs.send(
      new StartTaskCommand({
        cluster: fleet.cluster,
        taskDefinition: "llm",
        containerInstances: [arns[0]!, arns[2]!],
      }),
    );
    await putLowLoadTarget();

    // act
    await evaluateRound(runtime.deps);
    clock.advance(20);
    const second = await evaluateRound(runtime.deps);

    // assert: 2 instances stay, both busy ones protected; the idle one is the one taken
    expect(second.outcomes[0]?.actions).toEqual([
      `asg-protect:${fleet.autoScalingGroup}=${ids[0]},${ids[2]}`,
      `asg:${fleet.autoScalingGroup}=2`,
    ]);
    // By id: the emulator lists a group's instances in no fixed order once it has scaled in.
    const after = await groupInstances();
    const byId = (x: [string, boolean], y: [string, boolean]) => x[0].localeCompare(y[0]);
    expect({ ...after, instances: [...after.instances].sort(byId) }).toEqual({
      desired: 2,
      instances: (
        [
          [ids[0]!, true],
          [ids[2]!, true],
        ] as [string, boolean][]
      ).sort(byId),
    });
    expect((await runtime.deps.states.get(fleet.services[0]!))?.lastDecision?.reason).toContain(
      `[Auto Scaling group ${fleet.autoScalingGroup} kept at 2 instances: 2 of its instances host tasks (planned 1)]`,
    );
  });

  it("reads the tasks being stopped each round; an instance whose task has STOPPED is idle and may be taken", async () => {
    // arrange: a task on the first two instances, the second one then stopped. moto's StopTask sets its last
    // status to STOPPED at once (no stop timeout), so an instance still draining a task cannot be staged on
    // the emulator; that it stays busy is proven on the parser and the plan (stoppingTasks, planScaleIn tests).
    const ids = (await groupInstances()).instances.map(([id]) => id);
    const arns = await registerContainerInstances(ids);
    const started = await aws.ecs.send(
      new StartTaskCommand({
        cluster: fleet.cluster,
        taskDefinition: "llm",
        containerInstances: [arns[0]!, arns[1]!],
      }),
    );
    const onSecond = started.tasks?.find((t) => t.containerInstanceArn === arns[1]);
    await aws.ecs.send(new StopTaskCommand({ cluster: fleet.cluster, task: onSecond?.taskArn ?? "" }));
    await putLowLoadTarget();

    // act
    await evaluateRound(runtime.deps);
    clock.advance(20);
    const second = await evaluateRound(runtime.deps);

    // assert: the stopped task was listed and described, and only the instance still hosting a task is kept
    expect(second.calls["ECS:ListTasks"]).toBe(1);
    expect(second.calls["ECS:DescribeTasks"]).toBe(1);
    expect(second.outcomes[0]?.actions).toEqual([
      `asg-protect:${fleet.autoScalingGroup}=${ids[0]}`,
      `asg:${fleet.autoScalingGroup}=1`,
    ]);
    expect(await groupInstances()).toEqual({ desired: 1, instances: [[ids[0], true]] });
  });
});
