import type { MetricAlarm, PutMetricAlarmCommandInput } from "@aws-sdk/client-cloudwatch";

/** What syncing one target's alarms must do. */
export interface AlarmSyncPlan {
  /** Alarms to create or update (missing, or configured differently). */
  readonly put: PutMetricAlarmCommandInput[];
  /** Names of this target's alarms that are no longer wanted. */
  readonly remove: string[];
  /** Names of wanted alarms that already match: not written again. */
  readonly unchanged: string[];
}

/**
 * Compares a target's `existing` alarms (DescribeAlarms output, already limited to that target) with the
 * `wanted` PutMetricAlarm inputs, by name and then by every setting buildPutMetricAlarmInput writes, so a
 * sync that changes nothing makes no write calls.
 */
export function planAlarmSync(
  existing: readonly MetricAlarm[],
  wanted: readonly PutMetricAlarmCommandInput[],
): AlarmSyncPlan {
  const byName = new Map(existing.map((alarm) => [alarm.AlarmName ?? "", alarm]));
  const wantedNames = new Set(wanted.map((input) => input.AlarmName));
  const put: PutMetricAlarmCommandInput[] = [];
  const unchanged: string[] = [];
  for (const input of wanted) {
    const current = byName.get(input.AlarmName ?? "");
    if (current !== undefined && sameSettings(current, input)) unchanged.push(input.AlarmName ?? "");
    else put.push(input);
  }
  const remove = existing
    .map((alarm) => alarm.AlarmName ?? "")
    .filter((name) => name !== "" && !wantedNames.has(name));
  return { put, remove, unchanged };
}

function sameSettings(current: MetricAlarm, input: PutMetricAlarmCommandInput): boolean {
  return (
    current.AlarmDescription === input.AlarmDescription &&
    current.Namespace === input.Namespace &&
    current.MetricName === input.MetricName &&
    dimensionsKey(current.Dimensions) === dimensionsKey(input.Dimensions) &&
    current.Statistic === input.Statistic &&
    current.ExtendedStatistic === input.ExtendedStatistic &&
    current.Period === input.Period &&
    current.EvaluationPeriods === input.EvaluationPeriods &&
    current.DatapointsToAlarm === input.DatapointsToAlarm &&
    current.Threshold === input.Threshold &&
    current.ComparisonOperator === input.ComparisonOperator &&
    current.TreatMissingData === input.TreatMissingData &&
    (current.AlarmActions ?? []).length === 0 &&
    (current.OKActions ?? []).length === 0 &&
    (current.InsufficientDataActions ?? []).length === 0
  );
}

function dimensionsKey(dimensions: readonly { Name?: string; Value?: string }[] | undefined): string {
  return JSON.stringify(
    (dimensions ?? [])
      .map((d) => [d.Name ?? "", d.Value ?? ""])
      .sort(([a = ""], [b = ""]) => (a < b ? -1 : a > b ? 1 : 0)),
  );
}
