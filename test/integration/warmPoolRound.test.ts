import { PutWarmPoolCommand } from "@aws-sdk/client-auto-scaling";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatExplain } from "../../cli/format/formatExplain";
import { formatStatus } from "../../cli/format/formatStatus";
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
let t0: number;

beforeEach(async () => {
  ({ aws, runtime, clock, t0 } = await startEmulatorRuntime());
  // Capacity mode direct: driftless owns the group only where ECS managed scaling does not.
  await createExampleFleet(aws, { services: ["llm"], desired: 2, managedScaling: false });
  await runtime.deps.policies.put(
    {
      targetId: "llm",
      updatedBy: "test",
      updatedAt: new Date(t0 * 1000).toISOString(),
      body: {
        min_replicas: 1,
        max_replicas: 8,
        target_ongoing_requests: 10,
        upscale_delay_s: 0,
        target: {
          cluster: "gpu-inference",
          service: "llm",
          capacity: { mode: "direct", auto_scaling_group: GROUP, gpus_per_task: 1, gpus_per_instance: 1 },
        },
        load: {
          metrics: [
            { namespace: NS, name: "OngoingRequests", dimensions: { Service: "llm" }, per: "replica" },
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
        Dimensions: [{ Name: "Service", Value: "llm" }],
        Timestamp: new Date((t0 - 30 + s) * 1000),
        Value: 20,
        StorageResolution: 1,
      })),
    }),
  );
});

afterEach(() => aws.destroy());

describe("a round in capacity mode direct on a group with a warm pool", () => {
  it("reads the warm pool with one DescribeWarmPool, records it, and status and explain show it", async () => {
    // arrange: stopped instances kept warm, returned to the pool on scale-in
    await aws.autoScaling.send(
      new PutWarmPoolCommand({
        AutoScalingGroupName: GROUP,
        PoolState: "Stopped",
        MinSize: 1,
        InstanceReusePolicy: { ReuseOnScaleIn: true },
      }),
    );

    // act
    const report = await evaluateRound(runtime.deps);
    const state = await runtime.deps.states.get("llm");
    const history = await runtime.deps.log.recent("llm", 5);

    // assert: moto keeps the pool's configuration but lists no warm instances
    const pool = {
      poolState: "Stopped",
      stopped: 0,
      running: 0,
      hibernated: 0,
      preparing: 0,
      reuseOnScaleIn: true,
    };
    expect(report.calls["AutoScaling:DescribeAutoScalingGroups"]).toBe(1);
    expect(report.calls["AutoScaling:DescribeWarmPool"]).toBe(1);
    expect(report.outcomes[0]?.actions).toEqual([`asg:${GROUP}=4`, "ecs:llm=4"]);
    expect(state?.lastDecision?.warmPool).toEqual(pool);
    expect(history[0]?.warmPool).toEqual(pool);
    const line = "warm pool: 0 stopped ready (pool state Stopped; scale-in returns instances to the pool)";
    const status = formatStatus(
      [{ targetId: "llm", policy: await runtime.deps.policies.get("llm"), state, counts: undefined }],
      clock.now(),
    );
    expect(status).toContain(line);
    expect(formatExplain("llm", history, clock.now())).toContain(line);
  });

  it("a group without a warm pool costs no DescribeWarmPool and shows no warm pool line", async () => {
    // act
    const report = await evaluateRound(runtime.deps);
    const state = await runtime.deps.states.get("llm");

    // assert
    expect(report.calls["AutoScaling:DescribeWarmPool"]).toBeUndefined();
    expect(state?.lastDecision).not.toHaveProperty("warmPool");
    const history = await runtime.deps.log.recent("llm", 5);
    expect(formatExplain("llm", history, clock.now())).not.toContain("warm pool");
  });
});
