import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { UpdateCapacityProviderCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExampleFleet, type ExampleFleet } from "../../demo/createExampleFleet";
import { evaluateRound } from "../../shared/engine/evaluateRound";
import { ManualClock } from "../../shared/inMemory/ManualClock";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { buildRuntime, type Runtime } from "../../shared/runtime/buildRuntime";
import { type AwsTestClients, createAwsClients } from "../support/awsClients";
import { resetEmulator } from "../support/resetEmulator";

const NS = "Driftless/Inference";

let aws: AwsTestClients;
let runtime: Runtime;
let fleet: ExampleFleet;
let t0: number;

beforeEach(async () => {
  await resetEmulator();
  aws = createAwsClients();
  t0 = Math.floor(Date.now() / 60_000) * 60 - 120;
  runtime = buildRuntime(process.env, { clock: new ManualClock(t0) });
  runtime.logger.setLogLevel("SILENT");
  await bootstrapTables(runtime.dynamo, runtime.config.tables);
  fleet = await createExampleFleet(aws, {
    services: ["llm-a", "llm-b"],
    desired: 2,
    group: { min: 0, max: 20, desired: 4 },
  });
});

afterEach(() => aws.destroy());

/** Turns the example provider's managed scaling off: nothing but driftless sets the group. */
async function managedScalingOff(): Promise<void> {
  await aws.ecs.send(
    new UpdateCapacityProviderCommand({
      name: fleet.capacityProvider,
      autoScalingGroupProvider: { managedScaling: { status: "DISABLED" } },
    }),
  );
}

/** A policy for `service` on the example group, with 30 ongoing requests per replica published (6 wanted). */
async function putTarget(service: string, capacity: Record<string, unknown>): Promise<void> {
  await runtime.deps.policies.put(
    {
      targetId: service,
      updatedBy: "test",
      updatedAt: new Date(t0 * 1000).toISOString(),
      body: {
        min_replicas: 1,
        max_replicas: 8,
        target_ongoing_requests: 10,
        upscale_delay_s: 0,
        target: {
          cluster: fleet.cluster,
          service,
          capacity: { auto_scaling_group: fleet.autoScalingGroup, ...capacity },
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
      MetricData: [0, 10, 20, 30].map((s) => ({
        MetricName: "OngoingRequests",
        Dimensions: [{ Name: "Service", Value: service }],
        Timestamp: new Date((t0 - 30 + s) * 1000),
        Value: 30,
        StorageResolution: 1,
      })),
    }),
  );
}

async function groupDesired(): Promise<number | undefined> {
  const out = await aws.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [fleet.autoScalingGroup] }),
  );
  return out.AutoScalingGroups?.[0]?.DesiredCapacity;
}

describe("targets sharing one Auto Scaling group", () => {
  it("in mode direct: one SetDesiredCapacity per round sets the group to the sum of their tasks", async () => {
    await managedScalingOff();
    await putTarget("llm-a", { mode: "direct" });
    await putTarget("llm-b", { mode: "direct", gpus_per_task: 1 });

    const report = await evaluateRound(runtime.deps);

    expect(report.calls["AutoScaling:SetDesiredCapacity"]).toBe(1);
    expect(await groupDesired()).toBe(12);
    expect(report.outcomes.flatMap((o) => o.actions).sort()).toEqual([
      `asg:${fleet.autoScalingGroup}=12`,
      "ecs:llm-a=6",
      "ecs:llm-b=6",
    ]);
    const reason = (await runtime.deps.states.get("llm-b"))?.lastDecision?.reason;
    expect(reason).toContain(
      `Auto Scaling group ${fleet.autoScalingGroup} shared: 12 instances for 12 tasks (llm-a 6 + llm-b 6), set by llm-a`,
    );
  });

  it("in mode auto beside managed scaling ENABLED: leaves the group to ECS and says why", async () => {
    await putTarget("llm-a", {});
    await putTarget("llm-b", {});

    const report = await evaluateRound(runtime.deps);

    expect(report.calls["AutoScaling:SetDesiredCapacity"]).toBeUndefined();
    expect(await groupDesired()).toBe(4);
    expect(report.outcomes.flatMap((o) => o.actions).sort()).toEqual(["ecs:llm-a=6", "ecs:llm-b=6"]);
    expect((await runtime.deps.states.get("llm-a"))?.lastDecision?.reason).toContain(
      `[capacity auto → managed: provider ${fleet.capacityProvider} has managed scaling ENABLED]`,
    );
  });

  it("in mode auto with managed scaling off: sets the group directly for both, and says why", async () => {
    await managedScalingOff();
    await putTarget("llm-a", { mode: "auto" });
    await putTarget("llm-b", {});

    const report = await evaluateRound(runtime.deps);

    expect(report.calls["AutoScaling:SetDesiredCapacity"]).toBe(1);
    expect(await groupDesired()).toBe(12);
    expect((await runtime.deps.states.get("llm-a"))?.lastDecision?.reason).toContain(
      `[capacity auto → direct: provider ${fleet.capacityProvider} has managed scaling off]`,
    );
  });
});
