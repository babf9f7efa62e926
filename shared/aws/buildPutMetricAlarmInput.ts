import type { PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";
import { ALARM_SPEC_DEFAULTS, type AlarmSpec } from "../alarms/AlarmSpec";
import { alarmName } from "./alarmName";

/** The statistics CloudWatch takes as `Statistic`; anything else (`p90`, `tm99`, ...) is an ExtendedStatistic. */
const STANDARD_STATISTICS: ReadonlySet<string> = new Set([
  "SampleCount",
  "Average",
  "Sum",
  "Minimum",
  "Maximum",
]);

/**
 * The PutMetricAlarm input for `spec` of `targetId`: named by alarmName, defaults from ALARM_SPEC_DEFAULTS,
 * dimensions sorted by name, no actions (an EventBridge rule on the alarm-name prefix reacts to state
 * changes). Throws RangeError for a bad suffix or empty target id.
 */
export function buildPutMetricAlarmInput(
  prefix: string,
  targetId: string,
  spec: AlarmSpec,
): PutMetricAlarmCommandInput {
  const standard = STANDARD_STATISTICS.has(spec.statistic);
  return {
    AlarmName: alarmName(prefix, targetId, spec.suffix),
    AlarmDescription: `driftless: ${spec.suffix} alarm of target ${targetId}`,
    Namespace: spec.namespace,
    MetricName: spec.metricName,
    Dimensions: Object.entries(spec.dimensions)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([Name, Value]) => ({ Name, Value })),
    ...(standard
      ? { Statistic: spec.statistic as PutMetricAlarmCommandInput["Statistic"] }
      : { ExtendedStatistic: spec.statistic }),
    Period: spec.periodS ?? ALARM_SPEC_DEFAULTS.periodS,
    EvaluationPeriods: spec.evaluationPeriods ?? ALARM_SPEC_DEFAULTS.evaluationPeriods,
    DatapointsToAlarm: spec.datapointsToAlarm ?? ALARM_SPEC_DEFAULTS.datapointsToAlarm,
    Threshold: spec.threshold,
    ComparisonOperator: spec.comparison,
    TreatMissingData: spec.treatMissingData ?? ALARM_SPEC_DEFAULTS.treatMissingData,
  };
}
