import type { MetricAlarm } from "@aws-sdk/client-cloudwatch";
import { describe, expect, it } from "vitest";
import type { AlarmSpec } from "../../../shared/alarms/AlarmSpec";
import { buildPutMetricAlarmInput } from "../../../shared/aws/buildPutMetricAlarmInput";
import { planAlarmSync } from "../../../shared/aws/planAlarmSync";

const spec: AlarmSpec = {
  suffix: "scale-up",
  namespace: "Driftless/Test",
  metricName: "Ongoing",
  dimensions: { Service: "llm", Cluster: "gpu" },
  statistic: "Average",
  threshold: 8,
  comparison: "GreaterThanThreshold",
};

/** The alarm DescribeAlarms would report after PutMetricAlarm with `input`. */
function described(input: ReturnType<typeof buildPutMetricAlarmInput>): MetricAlarm {
  return {
    ...input,
    Dimensions: [...(input.Dimensions ?? [])].reverse(),
    AlarmArn: `arn:aws:cloudwatch:us-east-1:123456789012:alarm:${input.AlarmName}`,
    StateValue: "OK",
    OKActions: [],
    AlarmActions: [],
    InsufficientDataActions: [],
  } as MetricAlarm;
}

describe("buildPutMetricAlarmInput", () => {
  it("builds a 10 s, 1-of-1, notBreaching alarm without actions, dimensions sorted", () => {
    expect(buildPutMetricAlarmInput("driftless-", "llm-a", spec)).toEqual({
      AlarmName: "driftless-llm-a.scale-up",
      AlarmDescription: "driftless: scale-up alarm of target llm-a",
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

  it("sends a percentile as ExtendedStatistic and honours explicit settings", () => {
    // act
    const input = buildPutMetricAlarmInput("d-", "t", {
      ...spec,
      statistic: "p90",
      periodS: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      treatMissingData: "ignore",
    });

    // assert
    expect(input).toMatchObject({
      ExtendedStatistic: "p90",
      Period: 60,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      TreatMissingData: "ignore",
    });
    expect(input).not.toHaveProperty("Statistic");
  });
});

describe("planAlarmSync", () => {
  const up = buildPutMetricAlarmInput("d-", "t", spec);
  const backlog = buildPutMetricAlarmInput("d-", "t", { ...spec, suffix: "backlog", threshold: 1 });

  it("creates what is missing and leaves what matches alone", () => {
    expect(planAlarmSync([described(up)], [up, backlog])).toEqual({
      put: [backlog],
      remove: [],
      unchanged: ["d-t.scale-up"],
    });
  });

  it.each([
    { name: "threshold", change: { Threshold: 9 } },
    { name: "period", change: { Period: 60 } },
    { name: "statistic", change: { Statistic: "Maximum" } },
    { name: "dimensions", change: { Dimensions: [{ Name: "Service", Value: "other" }] } },
    { name: "missing-data treatment", change: { TreatMissingData: "breaching" } },
    { name: "an action added by hand", change: { AlarmActions: ["arn:aws:sns:x"] } },
  ])("rewrites an alarm whose $name differs", ({ change }) => {
    expect(planAlarmSync([{ ...described(up), ...change } as MetricAlarm], [up]).put).toEqual([up]);
  });

  it("removes the target's alarms that are no longer wanted", () => {
    expect(planAlarmSync([described(up), described(backlog)], [up])).toEqual({
      put: [],
      remove: ["d-t.backlog"],
      unchanged: ["d-t.scale-up"],
    });
  });
});
