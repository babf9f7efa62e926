import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { evaluateRound } from "../../shared/engine/evaluateRound";
import type { ManualClock } from "../../shared/inMemory/ManualClock";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import type { AwsTestClients } from "../support/awsClients";
import { startEmulatorRuntime } from "../support/emulatorRuntime";

const NS = "Driftless/Inference";
const GROUP = "gpu-inference-gpu-asg";

let aws: AwsTestClients;
let runtime: Runtime;
let clock: ManualClock;

beforeEach(async () => {
  // Well in the past, so the rounds' metric windows (ten minutes of them) stay before the emulator's now.
  ({ aws, runtime, clock } = await startEmulatorRuntime({ secondsBack: 1200 }));
  // Capacity mode direct: driftless owns the group only where ECS managed scaling does not.
  await createExampleFleet(aws, { services: ["llm"], desired: 2, managedScaling: false });
  await putPolicy({}, 0);
});

/** The target's policy, with `extra` over it (e.g. a pause), written over version `expectedVersion`. */
async function putPolicy(extra: Record<string, unknown>, expectedVersion: number): Promise<void> {
  await runtime.deps.policies.put(
    {
      targetId: "llm",
      updatedBy: "test",
      updatedAt: new Date(clock.now() * 1000).toISOString(),
      body: {
        ...extra,
        min_replicas: 1,
        max_replicas: 8,
        target_ongoing_requests: 10,
        upscale_delay_s: 0,
        downscale_delay_s: 0,
        target: {
          cluster: "gpu-inference",
          service: "llm",
          // instance_idle_s left to its default (300 s, Ray's idle_timeout_minutes 5).
          capacity: { mode: "direct", auto_scaling_group: GROUP, gpus_per_task: 1, gpus_per_instance: 1 },
        },
        load: {
          metrics: [
            { namespace: NS, name: "OngoingRequests", dimensions: { Service: "llm" }, per: "replica" },
          ],
        },
      },
    },
    expectedVersion,
  );
}

afterEach(() => aws.destroy());

/** Ongoing requests per replica `value` over the 30 s before the clock's now. */
async function publish(value: number): Promise<void> {
  const now = clock.now();
  await aws.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: NS,
      MetricData: [30, 20, 10, 0].map((ago) => ({
        MetricName: "OngoingRequests",
        Dimensions: [{ Name: "Service", Value: "llm" }],
        Timestamp: new Date((now - ago) * 1000),
        Value: value,
        StorageResolution: 1,
      })),
    }),
  );
}

async function groupDesired(): Promise<number | undefined> {
  const out = await aws.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }),
  );
  return out.AutoScalingGroups?.[0]?.DesiredCapacity;
}

/** Advances the clock, publishes `value`, and runs one round: the calls it made. */
async function roundAfter(afterS: number, value: number): Promise<readonly string[]> {
  clock.advance(afterS);
  await publish(value);
  const report = await evaluateRound(runtime.deps);
  return report.outcomes[0]?.actions ?? [];
}

describe("a group in capacity mode direct whose tasks are gone", () => {
  it("is not lowered before instance_idle_s and is lowered after, on the timer stored in DynamoDB", async () => {
    // A burst: 20 ongoing per replica on 2 replicas wants 4 tasks on 4 instances.
    expect(await roundAfter(0, 20)).toEqual([`asg:${GROUP}=4`, "ecs:llm=4"]);
    // The load is gone: the tasks come down; the instances wait for the tasks still present.
    expect(await roundAfter(60, 0)).toEqual(["ecs:llm=1"]);
    // The tasks are gone (the emulator's ECS runs the desired count at once): the timer starts.
    expect(await roundAfter(10, 0)).toEqual([]);
    const since = clock.now();
    const held = await runtime.deps.states.get("llm");
    expect(held?.groupScaleIn).toEqual({ group: GROUP, steps: [{ instances: 1, since }], kept: 4 });
    expect(held?.lastDecision?.reason).toContain(
      `[Auto Scaling group ${GROUP}: 4 instances kept (1 needed) until`,
    );

    expect(await roundAfter(200, 0)).toEqual([]);
    expect(await groupDesired()).toBe(4);
    expect(await roundAfter(90, 0)).toEqual([]);
    expect(await groupDesired()).toBe(4);

    expect(await roundAfter(10, 0)).toEqual([`asg:${GROUP}=1`]);
    expect(await groupDesired()).toBe(1);
    const lowered = await runtime.deps.states.get("llm");
    expect(lowered?.groupScaleIn).toBeNull();
    expect(lowered?.lastDecision?.reason).toContain("lowered to 1 instances, not needed for 300 s");
  });

  it("is not lowered under paused scale_in past instance_idle_s, and is lowered at once when resumed", async () => {
    expect(await roundAfter(0, 20)).toEqual([`asg:${GROUP}=4`, "ecs:llm=4"]);
    expect(await roundAfter(60, 0)).toEqual(["ecs:llm=1"]);
    await putPolicy({ paused: "scale_in" }, 1);
    expect(await roundAfter(10, 0)).toEqual([]);
    const since = clock.now();

    expect(await roundAfter(310, 0)).toEqual([]);
    expect(await groupDesired()).toBe(4);
    const held = await runtime.deps.states.get("llm");
    expect(held?.lastDecision?.reason).toContain(
      `[Auto Scaling group ${GROUP} held at 4 instances (1 planned): target llm paused scale_in]`,
    );
    // The timer stays in DynamoDB through the pause, as a held decision's delay stays armed.
    expect(held?.groupScaleIn).toEqual({ group: GROUP, steps: [{ instances: 1, since }], kept: 4 });

    await putPolicy({}, 2);
    expect(await roundAfter(10, 0)).toEqual([`asg:${GROUP}=1`]);
    expect(await groupDesired()).toBe(1);
    const resumed = await runtime.deps.states.get("llm");
    expect(resumed?.lastDecision?.reason).toContain("lowered to 1 instances, not needed for 320 s");
    expect(resumed?.groupScaleIn).toBeNull();
  });
});
