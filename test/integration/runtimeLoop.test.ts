import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeAlarmsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  DescribeServicesCommand,
  UpdateCapacityProviderCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { marshall } from "@aws-sdk/util-dynamodb";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatStatus } from "../../cli/format/formatStatus";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { handleAlarm } from "../../functions/alarm/handleAlarm";
import { localContext } from "../../functions/LambdaContext";
import { handlePolicySync } from "../../functions/policy-sync/handlePolicySync";
import { evaluateRound } from "../../shared/engine/evaluateRound";
import type { ManualClock } from "../../shared/inMemory/ManualClock";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import type { AwsTestClients } from "../support/awsClients";
import { startEmulatorRuntime } from "../support/emulatorRuntime";

const NS = "Driftless/Inference";

/** The market-hours ADR's policy, on the example service, with a per-replica ongoing-requests metric. */
function policyFor(service: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    min_replicas: 1,
    max_replicas: 8,
    target_ongoing_requests: 10,
    upscale_delay_s: 30,
    downscale_delay_s: 300,
    target: { cluster: "gpu-inference", service },
    load: {
      metrics: [{ namespace: NS, name: "OngoingRequests", dimensions: { Service: service }, per: "replica" }],
    },
    ...extra,
  };
}

let aws: AwsTestClients;
let runtime: Runtime;
let clock: ManualClock;
let t0: number;

beforeEach(async () => {
  ({ aws, runtime, clock, t0 } = await startEmulatorRuntime());
  await createExampleFleet(aws, { services: ["llm"], desired: 2 });
});

afterEach(() => aws.destroy());

/** Publishes a per-replica value every 10 s over [from, to] with explicit, high-resolution timestamps. */
async function publish(service: string, value: number, from: number, to: number): Promise<void> {
  const data = [];
  for (let t = from; t <= to; t += 10) {
    data.push({
      MetricName: "OngoingRequests",
      Dimensions: [{ Name: "Service", Value: service }],
      Timestamp: new Date(t * 1000),
      Value: value,
      StorageResolution: 1,
    });
  }
  await aws.cloudwatch.send(new PutMetricDataCommand({ Namespace: NS, MetricData: data }));
}

async function desiredCount(service: string): Promise<number | undefined> {
  const out = await aws.ecs.send(
    new DescribeServicesCommand({ cluster: "gpu-inference", services: [service] }),
  );
  return out.services?.[0]?.desiredCount;
}

async function putPolicy(targetId: string, body: Record<string, unknown>) {
  const current = await runtime.deps.policies.get(targetId);
  return runtime.deps.policies.put(
    { targetId, updatedBy: "test", updatedAt: new Date(t0 * 1000).toISOString(), body },
    current?.version ?? 0,
  );
}

describe("the runtime on the emulator", () => {
  it("raises the service's desired count only after the delay, and writes state and history", async () => {
    // arrange: 25 ongoing requests per replica on 2 replicas (target 10) since t0 - 20, 5 before: the
    // 30 s mean passes 20 (two replicas' worth) at t0 - 12.5, so the 30 s delay is due at t0 + 17.5
    await putPolicy("llm", policyFor("llm"));
    await publish("llm", 5, t0 - 60, t0 - 30);
    await publish("llm", 25, t0 - 20, t0 + 10);
    // act
    const first = await evaluateRound(runtime.deps);
    const before = await desiredCount("llm");
    const due = first.outcomes[0]?.decision?.pendingDelay?.firesAt ?? Number.NaN;
    clock.set(due);
    const second = await evaluateRound(runtime.deps);
    // assert
    expect(due).toBeCloseTo(t0 + 17.5, 3);
    expect(before).toBe(2);
    expect(second.outcomes[0]?.actions).toEqual(["ecs:llm=5"]);
    expect(await desiredCount("llm")).toBe(5);
    const state = await runtime.deps.states.get("llm");
    expect(state?.target).toBe(5);
    expect(state?.action?.appliedAt).toBe(due);
    expect(state?.lastDecision?.latenessMs).toBe(0);
    const history = await runtime.deps.log.recent("llm", 10);
    expect(history.map((h) => h.desiredReplicas)).toEqual([5, 2]);
    expect(history[0]?.trace.map((s) => s.step)).toContain("delay");
    // Metric reads are batched: one GetMetricData per round.
    expect(second.calls["CloudWatch:GetMetricData"]).toBe(1);
  });

  it("the alarm path waits for the pending delay within its budget and acts at its deadline", async () => {
    await putPolicy("llm", policyFor("llm"));
    await publish("llm", 25, t0 - 20, t0 + 30);
    const result = await handleAlarm(
      runtime,
      {
        source: "aws.cloudwatch",
        "detail-type": "CloudWatch Alarm State Change",
        detail: { alarmName: `${runtime.config.alarmPrefix}llm.scale-up`, state: { value: "ALARM" } },
      },
      localContext(900, () => clock.now() * 1000),
    );
    expect(result).toMatchObject({ ok: true, targetId: "llm", rounds: 2, actions: 1 });
    expect(clock.now()).toBe(t0 + 10);
    expect(await desiredCount("llm")).toBe(5);
  });

  it("in capacity mode direct sets the Auto Scaling group's desired capacity (its provider's managed scaling off)", async () => {
    await aws.ecs.send(
      new UpdateCapacityProviderCommand({
        name: "gpu-inference-gpu-cp",
        autoScalingGroupProvider: { managedScaling: { status: "DISABLED" } },
      }),
    );
    await putPolicy(
      "llm",
      policyFor("llm", {
        upscale_delay_s: 0,
        target: {
          cluster: "gpu-inference",
          service: "llm",
          capacity: {
            auto_scaling_group: "gpu-inference-gpu-asg",
            gpus_per_task: 1,
            gpus_per_instance: 1,
            mode: "direct",
            spare_instances: 1,
          },
        },
      }),
    );
    await publish("llm", 20, t0 - 30, t0);
    await evaluateRound(runtime.deps);
    const group = await aws.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["gpu-inference-gpu-asg"] }),
    );
    expect(await desiredCount("llm")).toBe(4);
    expect(group.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(5);
  });

  it("gives 20 concurrent evaluations of one target one state transition and one action", async () => {
    await putPolicy("llm", policyFor("llm", { upscale_delay_s: 0 }));
    await publish("llm", 30, t0 - 30, t0);
    const reports = await Promise.all(Array.from({ length: 20 }, () => evaluateRound(runtime.deps)));
    const decided = reports.flatMap((r) => r.outcomes).filter((o) => o.status === "decided");
    expect(decided).toHaveLength(1);
    expect(reports.reduce((n, r) => n + r.conflicts, 0)).toBe(19);
    expect(runtime.counter.snapshot()["ECS:UpdateService"]).toBe(1);
    // One decision write and one "applied" mark.
    expect((await runtime.deps.states.get("llm"))?.version).toBe(2);
    // The history holds that one decision (a re-append of it after a lost answer lands on the same decision).
    const hist = await runtime.deps.log.recent("llm", 50);
    expect(new Set(hist.map((h) => h.evaluationId))).toEqual(new Set([decided[0]?.record?.evaluationId]));
  });

  it("keeps the last known-good policy when an item is broken in the table, and status shows the errors", async () => {
    await putPolicy("llm", policyFor("llm", { upscale_delay_s: 0 }));
    await publish("llm", 10, t0 - 30, t0);
    await evaluateRound(runtime.deps);
    // An operator edits the item in the console: a typo and a string where a number belongs.
    await aws.documents.send(
      new PutCommand({
        TableName: runtime.config.tables.policies,
        Item: {
          targetId: "llm",
          version: 2,
          updatedBy: "console",
          updatedAt: "x",
          ...policyFor("llm"),
          max_replicas: "8",
          upscale_dealy_s: 0,
        },
      }),
    );
    clock.set(t0 + 40);
    await publish("llm", 30, t0 + 10, t0 + 40);
    const report = await evaluateRound(runtime.deps);
    expect(report.invalidPolicies).toBe(1);
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(6);
    const state = await runtime.deps.states.get("llm");
    const status = formatStatus(
      [{ targetId: "llm", policy: await runtime.deps.policies.get("llm"), state, counts: undefined }],
      clock.now(),
    );
    expect(status).toContain("INVALID");
    expect(status).toContain("$.max_replicas");
    expect(status).toContain('did you mean "upscale_delay_s"');
  });

  it("never scales down when the load metric is missing", async () => {
    await putPolicy("llm", policyFor("llm", { downscale_delay_s: 0 }));
    const report = await evaluateRound(runtime.deps);
    expect(report.outcomes[0]?.decision?.desiredReplicas).toBe(2);
    expect(await desiredCount("llm")).toBe(2);
  });

  it("restores a desired count changed by hand", async () => {
    await putPolicy("llm", policyFor("llm"));
    await publish("llm", 10, t0 - 30, t0);
    await evaluateRound(runtime.deps);
    await aws.ecs.send(
      new UpdateServiceCommand({ cluster: "gpu-inference", service: "llm", desiredCount: 6 }),
    );
    clock.set(t0 + 10);
    await publish("llm", 20 / 6, t0 + 10, t0 + 10);
    const report = await evaluateRound(runtime.deps);
    expect(report.outcomes[0]?.record?.reason).toMatch(/changed outside driftless/);
    expect(await desiredCount("llm")).toBe(2);
  });

  it("with the kill switch on decides and records but changes nothing", async () => {
    await runtime.deps.states.putSettings({ killSwitch: true, ceilings: {} });
    await putPolicy("llm", policyFor("llm", { upscale_delay_s: 0 }));
    await publish("llm", 30, t0 - 30, t0);
    const report = await evaluateRound(runtime.deps);
    expect(report.outcomes[0]?.record?.desiredReplicas).toBe(6);
    expect(await desiredCount("llm")).toBe(2);
    expect(runtime.counter.snapshot()["ECS:UpdateService"]).toBeUndefined();
  });

  it("policy-sync records the status and keeps the target's alarms in step with the item", async () => {
    const streamRecord = (eventName: "INSERT" | "MODIFY" | "REMOVE", item?: Record<string, unknown>) => ({
      eventID: `${eventName}-1`,
      eventName,
      dynamodb: {
        Keys: marshall({ targetId: "llm" }),
        ...(item ? { NewImage: marshall(item, { removeUndefinedValues: true }) } : {}),
        SequenceNumber: `${eventName}-seq`,
      },
    });
    const alarmNames = async () =>
      (
        await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: runtime.config.alarmPrefix }))
      ).MetricAlarms?.map((a) => a.AlarmName).sort();

    const inserted = await handlePolicySync(runtime, {
      Records: [streamRecord("INSERT", { targetId: "llm", version: 1, ...policyFor("llm") })],
    });
    expect(inserted.batchItemFailures).toEqual([]);
    expect(await alarmNames()).toEqual([
      `${runtime.config.alarmPrefix}llm.scale-down`,
      `${runtime.config.alarmPrefix}llm.scale-up`,
    ]);
    expect((await runtime.deps.states.get("llm"))?.policyStatus?.valid).toBe(true);

    await handlePolicySync(runtime, {
      Records: [
        streamRecord("MODIFY", { targetId: "llm", version: 2, ...policyFor("llm"), min_replicas: 9 }),
      ],
    });
    const invalid = await runtime.deps.states.get("llm");
    expect(invalid?.policyStatus).toMatchObject({ version: 2, valid: false });
    expect(invalid?.lastKnownGood?.version).toBe(1);
    expect(await alarmNames()).toHaveLength(2);

    await handlePolicySync(runtime, { Records: [streamRecord("REMOVE")] });
    expect(await alarmNames()).toEqual([]);
  });
});
