/**
 * The IAM call proof's recorder on the emulator: calls made through a function's handler are attributed to
 * that function, with the IAM requests they authorize and the tags of the resources read from the
 * emulator; calls a test makes itself are recorded as not a function's. The proof over these records is
 * what the integration project's teardown runs (test/support/emulatorIamProof.ts).
 */
import { readFileSync } from "node:fs";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { marshall } from "@aws-sdk/util-dynamodb";
import { Template } from "aws-cdk-lib/assertions";
import { afterEach, beforeEach, describe, expect, inject, it } from "vitest";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { handleAlarm } from "../../functions/alarm/handleAlarm";
import { localContext } from "../../functions/LambdaContext";
import { handlePolicySync } from "../../functions/policy-sync/handlePolicySync";
import { MANAGED_TAG } from "../../infra/managedTag";
import type { ManualClock } from "../../shared/inMemory/ManualClock";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import { buildUnbundledApp } from "../infra/support/synthesizeApp";
import { proveCalls, type RecordedCall, withoutGrants } from "../reliability/iamCallProof";
import type { AwsTestClients } from "../support/awsClients";
import { flushRecordedCalls } from "../support/emulatorCallRecorder";
import { startEmulatorRuntime } from "../support/emulatorRuntime";

const NS = "Driftless/Inference";
const policy = {
  min_replicas: 1,
  max_replicas: 8,
  target_ongoing_requests: 10,
  upscale_delay_s: 0,
  downscale_delay_s: 300,
  target: { cluster: "gpu-inference", service: "llm" },
  load: {
    metrics: [{ namespace: NS, name: "OngoingRequests", dimensions: { Service: "llm" }, per: "replica" }],
  },
};

let aws: AwsTestClients;
let runtime: Runtime;
let clock: ManualClock;
let t0: number;

beforeEach(async () => {
  ({ aws, runtime, clock, t0 } = await startEmulatorRuntime());
  await createExampleFleet(aws, { services: ["llm"], desired: 2 });
});

afterEach(() => aws.destroy());

/** The calls this test recorded so far. */
async function recorded(testName: string): Promise<RecordedCall[]> {
  await flushRecordedCalls();
  return readFileSync(inject("awsCallLog"), "utf8")
    .split("\n")
    .filter((line) => line !== "")
    .map((line) => JSON.parse(line) as RecordedCall)
    .filter((call) => call.test?.endsWith(testName));
}

describe("the IAM call recorder", () => {
  it("attributes an alarm handler's calls to the alarm function, with the service's ARN and tags", async ({
    task,
  }) => {
    // arrange: a policy put by the test itself, and load that scales the service up at once
    await runtime.deps.policies.put({ targetId: "llm", updatedBy: "test", updatedAt: "x", body: policy }, 0);
    await aws.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: NS,
        MetricData: [0, 10, 20].map((dt) => ({
          MetricName: "OngoingRequests",
          Dimensions: [{ Name: "Service", Value: "llm" }],
          Timestamp: new Date((t0 - 20 + dt) * 1000),
          Value: 30,
          StorageResolution: 1,
        })),
      }),
    );
    // act
    const result = await handleAlarm(
      runtime,
      {
        source: "aws.cloudwatch",
        "detail-type": "CloudWatch Alarm State Change",
        detail: { alarmName: `${runtime.config.alarmPrefix}llm.scale-up`, state: { value: "ALARM" } },
      },
      localContext(900, () => clock.now() * 1000),
    );
    // assert
    expect(result).toMatchObject({ ok: true, actions: 1 });
    const calls = await recorded(task.name);
    const update = calls.find((c) => c.call === "ECS:UpdateService");
    expect(update?.caller).toBe("alarm");
    expect(update?.requests).toEqual([
      {
        action: "ecs:UpdateService",
        resource: "arn:aws:ecs:us-east-1:123456789012:service/gpu-inference/llm",
        context: { "ecs:cluster": "arn:aws:ecs:us-east-1:123456789012:cluster/gpu-inference" },
        tagged: { kind: "ecs-service", cluster: "gpu-inference", service: "llm" },
        resourceTags: { [MANAGED_TAG.key]: MANAGED_TAG.value },
      },
    ]);
    // The test's own policy write is not the alarm function's.
    expect(calls.find((c) => c.call === "DynamoDB:PutItem" && c.caller === "other")).toBeDefined();
    expect(new Set(calls.filter((c) => c.caller !== "other").map((c) => c.caller))).toEqual(
      new Set(["alarm"]),
    );
  });

  it("attributes policy-sync's alarm calls to policy-sync, and the proof fails them without their grants", async ({
    task,
  }) => {
    // act
    const out = await handlePolicySync(runtime, {
      Records: [
        {
          eventID: "1",
          eventName: "INSERT",
          dynamodb: {
            Keys: marshall({ targetId: "llm" }),
            NewImage: marshall({ targetId: "llm", version: 1, ...policy }),
            SequenceNumber: "1",
          },
        },
      ],
    });
    // assert
    expect(out.batchItemFailures).toEqual([]);
    const calls = await recorded(task.name);
    const sync = calls.filter((c) => c.caller === "policy-sync");
    expect(sync.map((c) => c.call)).toEqual(
      expect.arrayContaining(["CloudWatch:DescribeAlarms", "CloudWatch:PutMetricAlarm"]),
    );
    const template = Template.fromStack(buildUnbundledApp().driftless).toJSON() as Parameters<
      typeof proveCalls
    >[1];
    expect(proveCalls(calls, template).denials).toEqual([]);
    const denied = proveCalls(
      calls,
      withoutGrants(template, ["ListAlarms", "ManageDriftlessAlarms"]),
    ).denials;
    expect(new Set(denied.map((d) => d.request.action))).toEqual(
      new Set(["cloudwatch:DescribeAlarms", "cloudwatch:PutMetricAlarm"]),
    );
  });
});
