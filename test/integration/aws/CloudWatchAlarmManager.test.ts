import { DescribeAlarmsCommand, PutMetricAlarmCommand } from "@aws-sdk/client-cloudwatch";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { AlarmSpec } from "../../../shared/alarms/AlarmSpec";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { CloudWatchAlarmManager } from "../../../shared/aws/CloudWatchAlarmManager";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";

const PREFIX = "driftless-";
let aws: AwsTestClients;
let calls: AwsCallCounter;
let alarms: CloudWatchAlarmManager;

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.cloudwatch, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  alarms = new CloudWatchAlarmManager(aws.cloudwatch, PREFIX);
  calls.reset();
});

function spec(suffix: string, threshold = 8): AlarmSpec {
  return {
    suffix,
    namespace: "Driftless/Test",
    metricName: "Ongoing",
    dimensions: { Service: "llm", Cluster: "gpu" },
    statistic: "Average",
    threshold,
    comparison: "GreaterThanThreshold",
  };
}

/** Every alarm name in the account, sorted. */
async function alarmNames(): Promise<string[]> {
  const listed = await aws.cloudwatch.send(new DescribeAlarmsCommand({}));
  return (listed.MetricAlarms ?? []).map((alarm) => alarm.AlarmName ?? "").sort();
}

describe("CloudWatchAlarmManager", () => {
  it("creates a target's alarms as 10 s, 1-of-1, notBreaching alarms named prefix + target + . + suffix", async () => {
    // act
    const result = await alarms.syncAlarms("llm-a", [spec("scale-up"), spec("backlog", 1)]);
    const listed = await aws.cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNames: ["driftless-llm-a.scale-up"] }),
    );

    // assert
    expect(result).toEqual({
      put: ["driftless-llm-a.scale-up", "driftless-llm-a.backlog"],
      deleted: [],
      unchanged: [],
    });
    expect(listed.MetricAlarms?.[0]).toMatchObject({
      Namespace: "Driftless/Test",
      MetricName: "Ongoing",
      Dimensions: [
        { Name: "Cluster", Value: "gpu" },
        { Name: "Service", Value: "llm" },
      ],
      Statistic: "Average",
      Period: 10,
      EvaluationPeriods: 1,
      DatapointsToAlarm: 1,
      Threshold: 8,
      ComparisonOperator: "GreaterThanThreshold",
      TreatMissingData: "notBreaching",
    });
  });

  it("rewrites nothing when nothing changed, updates what changed and deletes what is no longer wanted", async () => {
    // arrange
    await alarms.syncAlarms("llm-a", [spec("scale-up"), spec("backlog", 1)]);
    calls.reset();

    // act
    const same = await alarms.syncAlarms("llm-a", [spec("scale-up"), spec("backlog", 1)]);
    const sameCalls = calls.snapshot();
    const changed = await alarms.syncAlarms("llm-a", [spec("scale-up", 9)]);

    // assert
    expect(same).toEqual({
      put: [],
      deleted: [],
      unchanged: ["driftless-llm-a.scale-up", "driftless-llm-a.backlog"],
    });
    expect(sameCalls).toEqual({ "CloudWatch:DescribeAlarms": 1 });
    expect(changed).toEqual({
      put: ["driftless-llm-a.scale-up"],
      deleted: ["driftless-llm-a.backlog"],
      unchanged: [],
    });
    expect(await alarmNames()).toEqual(["driftless-llm-a.scale-up"]);
  });

  it("never touches another target whose id extends this one (llm vs llm.x, llm-x) or foreign alarms", async () => {
    // arrange
    await alarms.syncAlarms("llm", [spec("scale-up")]);
    await alarms.syncAlarms("llm.x", [spec("scale-up")]);
    await alarms.syncAlarms("llm-x", [spec("scale-up")]);
    await aws.cloudwatch.send(
      new PutMetricAlarmCommand({
        AlarmName: "driftless-llm.scale-up.by-hand",
        Namespace: "Other",
        MetricName: "Other",
        Statistic: "Sum",
        Period: 60,
        EvaluationPeriods: 1,
        Threshold: 1,
        ComparisonOperator: "GreaterThanThreshold",
      }),
    );

    // act
    const synced = await alarms.syncAlarms("llm", []);
    const deletedAgain = await alarms.deleteAlarms("llm");

    // assert
    expect(synced.deleted).toEqual(["driftless-llm.scale-up"]);
    expect(deletedAgain).toEqual([]);
    expect(await alarmNames()).toEqual([
      "driftless-llm-x.scale-up",
      "driftless-llm.scale-up.by-hand",
      "driftless-llm.x.scale-up",
    ]);
  });

  it("deletes all of a target's alarms and maps alarm names back to targets", async () => {
    // arrange
    await alarms.syncAlarms("a.b-c", [spec("scale-up"), spec("backlog")]);

    // act
    const deleted = await alarms.deleteAlarms("a.b-c");

    // assert
    expect(deleted.sort()).toEqual(["driftless-a.b-c.backlog", "driftless-a.b-c.scale-up"]);
    expect(await alarmNames()).toEqual([]);
    expect(deleted.map((name) => alarms.targetIdFromAlarmName(name))).toEqual(["a.b-c", "a.b-c"]);
  });

  it("refuses repeated or malformed suffixes before any call", async () => {
    // act
    const repeated = alarms.syncAlarms("llm", [spec("up"), spec("up")]);
    const dotted = alarms.syncAlarms("llm", [spec("scale.up")]);

    // assert
    await expect(repeated).rejects.toThrow(RangeError);
    await expect(dotted).rejects.toThrow(RangeError);
    expect(calls.total()).toBe(0);
  });
});
