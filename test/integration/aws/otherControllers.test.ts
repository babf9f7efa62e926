import {
  type ApplicationAutoScalingClient,
  DeleteScalingPolicyCommand,
  DeregisterScalableTargetCommand,
  PutScheduledActionCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { UpdateCapacityProviderCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createExampleFleet } from "../../../demo/createExampleFleet";
import { ApplicationAutoScalingReader } from "../../../shared/aws/ApplicationAutoScalingReader";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { EcsCapacityProviderReader } from "../../../shared/aws/EcsCapacityProviderReader";
import { applicationScaling, registerTarget, trackingPolicy } from "../../support/applicationScaling";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";

let aws: AwsTestClients;
let appScaling: ApplicationAutoScalingClient;
const calls = new AwsCallCounter();

beforeAll(() => {
  aws = createAwsClients();
  appScaling = applicationScaling();
  countAwsCalls(aws.ecs, calls);
  countAwsCalls(appScaling, calls);
});
afterAll(() => {
  aws.destroy();
  appScaling.destroy();
});
beforeEach(async () => {
  await resetEmulator();
  calls.reset();
});

describe("ApplicationAutoScalingReader on the emulator", () => {
  it("finds the services that scale (policies or scheduled actions), not bare registrations or others", async () => {
    await createExampleFleet(aws, { services: ["tracked", "scheduled", "bare", "not-ours"] });
    await registerTarget(appScaling, "service/gpu-inference/tracked");
    await trackingPolicy(appScaling, "service/gpu-inference/tracked", "cpu-70");
    await registerTarget(appScaling, "service/gpu-inference/scheduled");
    await appScaling.send(
      new PutScheduledActionCommand({
        ServiceNamespace: "ecs",
        ScalableDimension: "ecs:service:DesiredCount",
        ResourceId: "service/gpu-inference/scheduled",
        ScheduledActionName: "night",
        Schedule: "cron(0 22 * * ? *)",
        ScalableTargetAction: { MinCapacity: 0, MaxCapacity: 1 },
      }),
    );
    await registerTarget(appScaling, "service/gpu-inference/bare");
    await registerTarget(appScaling, "service/gpu-inference/not-ours");
    await trackingPolicy(appScaling, "service/gpu-inference/not-ours", "other");
    const reader = new ApplicationAutoScalingReader(appScaling);
    calls.reset();
    const asked = [
      "service/gpu-inference/tracked",
      "service/gpu-inference/scheduled",
      "service/gpu-inference/bare",
      "service/gpu-inference/none",
    ];
    const found = await reader.activeScalers(asked);
    expect(Object.fromEntries(found)).toEqual({
      "service/gpu-inference/tracked": {
        resourceId: "service/gpu-inference/tracked",
        scalingPolicies: ["cpu-70"],
        scheduledActions: [],
      },
      "service/gpu-inference/scheduled": {
        resourceId: "service/gpu-inference/scheduled",
        scalingPolicies: [],
        scheduledActions: ["night"],
      },
    });
    // One DescribeScalableTargets for four services, then one listing each of policies and scheduled actions.
    expect(calls.snapshot()).toEqual({
      "ApplicationAutoScaling:DescribeScalableTargets": 1,
      "ApplicationAutoScaling:DescribeScalingPolicies": 1,
      "ApplicationAutoScaling:DescribeScheduledActions": 1,
    });
  });

  it("asks 50 resource ids per DescribeScalableTargets, and lists nothing more when none is registered", async () => {
    const ids = Array.from({ length: 120 }, (_, i) => `service/gpu/s${i}`);
    const found = await new ApplicationAutoScalingReader(appScaling).activeScalers(ids);
    expect(found.size).toBe(0);
    expect(calls.snapshot()).toEqual({ "ApplicationAutoScaling:DescribeScalableTargets": 3 });
  });

  it("no longer reports a service once its policy is deleted or its target deregistered", async () => {
    await createExampleFleet(aws, { services: ["a"] });
    await registerTarget(appScaling, "service/gpu-inference/a");
    await trackingPolicy(appScaling, "service/gpu-inference/a", "p");
    const reader = new ApplicationAutoScalingReader(appScaling);
    expect((await reader.activeScalers(["service/gpu-inference/a"])).size).toBe(1);
    await appScaling.send(
      new DeleteScalingPolicyCommand({
        PolicyName: "p",
        ServiceNamespace: "ecs",
        ResourceId: "service/gpu-inference/a",
        ScalableDimension: "ecs:service:DesiredCount",
      }),
    );
    expect((await reader.activeScalers(["service/gpu-inference/a"])).size).toBe(0);
    await appScaling.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: "ecs",
        ResourceId: "service/gpu-inference/a",
        ScalableDimension: "ecs:service:DesiredCount",
      }),
    );
    expect((await reader.activeScalers(["service/gpu-inference/a"])).size).toBe(0);
  });
});

describe("EcsCapacityProviderReader on the emulator", () => {
  it("reads managed scaling by provider name, and a group's provider through its cluster", async () => {
    const fleet = await createExampleFleet(aws, { services: ["llm"] });
    const reader = new EcsCapacityProviderReader(aws.ecs);
    const enabled = { provider: fleet.capacityProvider, group: fleet.autoScalingGroup, managedScaling: true };
    expect(await reader.providerScaling({ providers: [fleet.capacityProvider], clusters: [] })).toEqual([
      enabled,
    ]);
    expect(await reader.providerScaling({ providers: [], clusters: [fleet.cluster] })).toEqual([enabled]);
    await aws.ecs.send(
      new UpdateCapacityProviderCommand({
        name: fleet.capacityProvider,
        autoScalingGroupProvider: { managedScaling: { status: "DISABLED" } },
      }),
    );
    expect(await reader.providerScaling({ providers: [fleet.capacityProvider], clusters: [] })).toEqual([
      { ...enabled, managedScaling: false },
    ]);
    expect(calls.snapshot()["ECS:DescribeCapacityProviders"]).toBe(3);
    expect(calls.snapshot()["ECS:DescribeClusters"]).toBe(1);
  });
});
