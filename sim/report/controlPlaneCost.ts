import type { ControlPlaneUsage } from "../model/ControlPlaneUsage";
import { PRICES } from "./PRICES";

/**
 * Control-plane calls and cost per target-hour: API calls, GetMetricData metrics, DynamoDB request
 * units and Lambda over the run, plus alarms and custom metrics at their monthly price per hour.
 */
export function controlPlaneCost(
  usage: ControlPlaneUsage,
  hours: number,
  targets: number,
): {
  callsPerTargetHour: Record<string, number>;
  costPerTargetHour: number;
  breakdown: Record<string, number>;
} {
  const per = hours * targets;
  const callsPerTargetHour: Record<string, number> = {};
  for (const [k, v] of Object.entries(usage.calls)) callsPerTargetHour[k] = round(v / per, 1);
  const breakdown: Record<string, number> = {
    cloudwatchGetMetricData: (usage.metricsRequested * PRICES.getMetricDataPerMetric) / per,
    cloudwatchAlarms:
      (usage.alarms.standard * PRICES.alarmStandardMonth +
        usage.alarms.highResolution * PRICES.alarmHighResolutionMonth) /
      PRICES.hoursPerMonth /
      targets,
    cloudwatchCustomMetrics:
      (usage.customMetrics * PRICES.customMetricMonth) / PRICES.hoursPerMonth / targets,
    dynamodb: (usage.readUnits * PRICES.dynamoReadUnit + usage.writeUnits * PRICES.dynamoWriteUnit) / per,
    lambda:
      (usage.lambdaInvocations * PRICES.lambdaRequest + usage.lambdaGbSeconds * PRICES.lambdaGbSecond) / per,
  };
  const costPerTargetHour = Object.values(breakdown).reduce((a, b) => a + b, 0);
  for (const k of Object.keys(breakdown)) breakdown[k] = round(breakdown[k]!, 6);
  return { callsPerTargetHour, costPerTargetHour: round(costPerTargetHour, 6), breakdown };
}

function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}
