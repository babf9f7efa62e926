import { CfnOutput, Duration, Stack, type StackProps } from "aws-cdk-lib";
import type { Construct, Node } from "constructs";
import { ContextReader } from "./ContextReader";
import { GpuAutoscaler, type GpuAutoscalerProps } from "./GpuAutoscaler";

export interface DriftlessStackProps extends StackProps {
  /**
   * The autoscaler's configuration.
   * @default - read from context (`cdk.json` or `-c`): see gpuAutoscalerPropsFromContext
   */
  readonly autoscaler?: GpuAutoscalerProps;
}

/** The driftless deployment: one GpuAutoscaler, configured from context, and its names as outputs. */
export class DriftlessStack extends Stack {
  readonly autoscaler: GpuAutoscaler;

  constructor(scope: Construct, id: string, props: DriftlessStackProps = {}) {
    super(scope, id, props);
    this.autoscaler = new GpuAutoscaler(
      this,
      "Autoscaler",
      props.autoscaler ?? gpuAutoscalerPropsFromContext(this.node),
    );
    const a = this.autoscaler;
    const outputs: [string, string, string][] = [
      ["PolicyTable", a.policiesTable.tableName, "DRIFTLESS_POLICY_TABLE for the driftless CLI"],
      ["StateTable", a.stateTable.tableName, "DRIFTLESS_STATE_TABLE for the driftless CLI"],
      ["HistoryTable", a.historyTable.tableName, "DRIFTLESS_HISTORY_TABLE for the driftless CLI"],
      ["AlertTopicArn", a.alertTopic.topicArn, "SNS topic of driftless's health alarms"],
      ["DashboardName", a.monitoring.dashboard.dashboardName, "CloudWatch dashboard"],
      ["TickFunctionName", a.tickFunction.functionName, "Scheduled evaluation function"],
    ];
    for (const [id, value, description] of outputs) new CfnOutput(this, id, { value, description });
  }
}

/**
 * The GpuAutoscaler props from context keys `driftless:*` (all optional; cdk.json holds the defaults):
 * clusterNames, autoScalingGroupNames, dashboardTargets, alertEmails (lists: JSON arrays or "a,b"),
 * alarmPrefix, tableNamePrefix (tables `${prefix}-policies|state|history`; "" lets CloudFormation name
 * them), serviceName, evaluationIntervalS, shards, maxReplicasPerTarget, maxGpusPerTarget, historyTtlDays,
 * alarmReservedConcurrency (a number or "none"), latenessAlarmThresholdS, staleMetricAlarmThresholdS,
 * enabled. Throws naming every invalid key.
 */
export function gpuAutoscalerPropsFromContext(node: Node): GpuAutoscalerProps {
  const c = new ContextReader(node);
  const key = (name: string) => `driftless:${name}`;
  // Unset: the CLI's default names; "": names CloudFormation generates.
  const tablePrefixRaw: unknown = node.tryGetContext(key("tableNamePrefix"));
  const tablePrefix =
    tablePrefixRaw === undefined
      ? "driftless"
      : tablePrefixRaw === ""
        ? ""
        : c.string(key("tableNamePrefix"));
  const reserved =
    node.tryGetContext(key("alarmReservedConcurrency")) === "none"
      ? ("none" as const)
      : c.number(key("alarmReservedConcurrency"), { min: 1, max: 1000, integer: true });
  const lateness = c.number(key("latenessAlarmThresholdS"), { min: 1, max: 86_400 });
  const stale = c.number(key("staleMetricAlarmThresholdS"), { min: 60, max: 86_400 });
  const props: GpuAutoscalerProps = {
    clusterNames: c.list(key("clusterNames")),
    autoScalingGroupNames: c.list(key("autoScalingGroupNames")),
    dashboardTargets: c.list(key("dashboardTargets")),
    alertEmails: c.list(key("alertEmails")),
    alarmPrefix: c.string(key("alarmPrefix")),
    serviceName: c.string(key("serviceName")),
    evaluationIntervalS: c.number(key("evaluationIntervalS"), { min: 1, max: 60 }),
    shards: c.number(key("shards"), { min: 1, max: 1000, integer: true }),
    maxReplicasPerTarget: c.number(key("maxReplicasPerTarget"), { min: 1, max: 10_000, integer: true }),
    maxGpusPerTarget: c.number(key("maxGpusPerTarget"), { min: 1, max: 100_000, integer: true }),
    historyTtlDays: c.number(key("historyTtlDays"), { min: 1, max: 3650, integer: true }),
    enabled: c.boolean(key("enabled")),
    alarmReservedConcurrency: reserved,
    latenessAlarmThreshold: lateness === undefined ? undefined : Duration.seconds(lateness),
    staleMetricAlarmThreshold: stale === undefined ? undefined : Duration.seconds(stale),
    tableNames: tablePrefix
      ? {
          policies: `${tablePrefix}-policies`,
          state: `${tablePrefix}-state`,
          history: `${tablePrefix}-history`,
        }
      : undefined,
  };
  c.throwIfInvalid("DriftlessStack");
  // Unset keys fall back to the construct's own defaults.
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined)) as GpuAutoscalerProps;
}
