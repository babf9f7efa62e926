import { describe, expect, it } from "vitest";
import type { AlarmSpec } from "../../shared/alarms/AlarmSpec";
import { evaluateAlarmSpec } from "../../sim/driftless/evaluateAlarmSpec";

const base: AlarmSpec = {
  suffix: "scale-up",
  namespace: "Driftless/Test",
  metricName: "Ongoing",
  dimensions: { Service: "svc" },
  statistic: "Average",
  threshold: 10,
  comparison: "GreaterThanThreshold",
};
const series = (...values: number[]) => values.map((v, i) => ({ t: 1000 + 10 * i, v }));

describe("evaluateAlarmSpec: the simulated CloudWatch's alarm evaluation", () => {
  it.each([
    { name: "a 10 s Average above the threshold", spec: {}, values: [11], end: 1010, want: "ALARM" },
    { name: "a value equal to the threshold is not above it", spec: {}, values: [10], end: 1010, want: "OK" },
    {
      name: "GreaterThanOrEqualToThreshold takes the equal value",
      spec: { comparison: "GreaterThanOrEqualToThreshold" },
      values: [10],
      end: 1010,
      want: "ALARM",
    },
    {
      name: "LessThanThreshold below",
      spec: { comparison: "LessThanThreshold", threshold: 5 },
      values: [4],
      end: 1010,
      want: "ALARM",
    },
    { name: "only the newest period counts", spec: {}, values: [50, 9], end: 1020, want: "OK" },
    {
      name: "a 60 s Average over six datapoints",
      spec: { periodS: 60 },
      values: [0, 0, 0, 0, 0, 61],
      end: 1060,
      want: "ALARM",
    },
    {
      name: "a 60 s Average equal to the threshold is not above it",
      spec: { periodS: 60 },
      values: [0, 0, 0, 0, 0, 60],
      end: 1060,
      want: "OK",
    },
    {
      name: "Maximum",
      spec: { periodS: 60, statistic: "Maximum" },
      values: [1, 2, 11],
      end: 1060,
      want: "ALARM",
    },
    {
      name: "Minimum",
      spec: { periodS: 60, statistic: "Minimum" },
      values: [11, 12, 9],
      end: 1060,
      want: "OK",
    },
    { name: "Sum", spec: { periodS: 60, statistic: "Sum" }, values: [4, 4, 4], end: 1060, want: "ALARM" },
    {
      name: "SampleCount",
      spec: { periodS: 60, statistic: "SampleCount" },
      values: [1, 1],
      end: 1060,
      want: "OK",
    },
    {
      name: "a percentile",
      spec: { periodS: 60, statistic: "p50" },
      values: [0, 20, 30],
      end: 1060,
      want: "ALARM",
    },
    {
      name: "three evaluation periods all breaching",
      spec: { evaluationPeriods: 3, datapointsToAlarm: 3 },
      values: [11, 12, 13],
      end: 1030,
      want: "ALARM",
    },
    {
      name: "three evaluation periods, one not breaching",
      spec: { evaluationPeriods: 3, datapointsToAlarm: 3 },
      values: [11, 9, 13],
      end: 1030,
      want: "OK",
    },
    {
      name: "2 of 3 datapoints to alarm",
      spec: { evaluationPeriods: 3, datapointsToAlarm: 2 },
      values: [11, 9, 13],
      end: 1030,
      want: "ALARM",
    },
    { name: "no data is not breaching (driftless's setting)", spec: {}, values: [], end: 1010, want: "OK" },
    {
      name: "no data breaches with treatMissingData breaching",
      spec: { treatMissingData: "breaching" },
      values: [],
      end: 1010,
      want: "ALARM",
    },
  ] as const)("$name", ({ spec, values, end, want }) => {
    expect(evaluateAlarmSpec({ spec: { ...base, ...spec }, series: series(...values), periodEnd: end })).toBe(
      want,
    );
  });

  it("refuses a statistic CloudWatch has and the simulator cannot compute, naming it", () => {
    expect(() =>
      evaluateAlarmSpec({ spec: { ...base, statistic: "tm99" }, series: series(1), periodEnd: 1010 }),
    ).toThrow(/tm99/);
  });
});
