import { Duration } from "aws-cdk-lib";
import * as cloudwatch from "aws-cdk-lib/aws-cloudwatch";
import * as actions from "aws-cdk-lib/aws-cloudwatch-actions";
import type * as lambda from "aws-cdk-lib/aws-lambda";
import type * as sns from "aws-cdk-lib/aws-sns";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { METRIC, METRICS_NAMESPACE } from "../shared/observability/metricNames";

/** One of driftless's functions, as shown on the dashboard and watched by the health alarms. */
export interface MonitoredFunction {
  /** Short name used in widget titles and alarm ids, e.g. "Tick". */
  readonly name: string;
  readonly function: lambda.IFunction;
  /** Where its failed invocations or batches land. */
  readonly failureQueue: sqs.IQueue;
  /** What an error of this function means, for its Errors alarm's description. */
  readonly errorsMean?: string;
}

export interface GpuAutoscalerMonitoringProps {
  readonly functions: readonly MonitoredFunction[];
  /** The tick function: its missing invocations raise the heartbeat alarm. */
  readonly tickFunction: lambda.IFunction;
  /** The policies stream's consumer: its iterator age says how far behind the edits it is. */
  readonly policySyncFunction: lambda.IFunction;
  /** Seconds between evaluation rounds: a round that takes most of it delays the next. */
  readonly evaluationInterval: Duration;
  /** Whether to alarm when the tick stops running (not while the schedule is disabled on purpose). */
  readonly heartbeat: boolean;
  /** Targets that get a row on the dashboard. */
  readonly targets: readonly string[];
  /** Where every health alarm notifies (ALARM and OK). */
  readonly topic: sns.ITopic;
  readonly latenessThreshold: Duration;
  readonly staleMetricThreshold: Duration;
  /** @default - a name CloudFormation generates */
  readonly dashboardName?: string;
}

/** policy-sync's stream iterator age above which it counts as behind. */
const POLICY_SYNC_LAG = Duration.minutes(5);
/** The share of the evaluation interval a tick round may take before it counts as slow. */
const SLOW_ROUND_FRACTION = 0.8;

/**
 * The dimensions PowertoolsObserver gives every per-target metric: TargetId and Powertools' default `service`
 * (which the functions set to their own name, so it is matched whatever its value).
 */
const TARGET_SCHEMA = `SCHEMA("${METRICS_NAMESPACE}", TargetId, service)`;

/**
 * The dashboard (per target: load, replicas, lateness; per function: errors, duration) and the alarms on
 * driftless's own health, all notifying one SNS topic. Fleet-wide alarms read every target's metrics with
 * a CloudWatch Metrics Insights query, so a target added later is covered without a redeploy.
 */
export class GpuAutoscalerMonitoring extends Construct {
  readonly dashboard: cloudwatch.Dashboard;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: GpuAutoscalerMonitoringProps) {
    super(scope, id);
    const action = new actions.SnsAction(props.topic);
    const watch = (alarm: cloudwatch.Alarm): void => {
      alarm.addAlarmAction(action);
      alarm.addOkAction(action);
      this.alarms.push(alarm);
    };

    for (const { name, function: fn, failureQueue, errorsMean } of props.functions) {
      watch(
        fn
          .metricErrors({ period: Duration.minutes(5), statistic: "Sum" })
          .createAlarm(this, `${name}Errors`, {
            alarmDescription: `driftless ${name} function failed (${errorsMean ?? "unhandled error or timeout"})`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
      watch(
        fn
          .metricThrottles({ period: Duration.minutes(5), statistic: "Sum" })
          .createAlarm(this, `${name}Throttles`, {
            alarmDescription: `driftless ${name} function was throttled (reserved or account concurrency)`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
      watch(
        failureQueue
          .metricApproximateNumberOfMessagesVisible({ period: Duration.minutes(5), statistic: "Maximum" })
          .createAlarm(this, `${name}FailedEvents`, {
            alarmDescription: `driftless ${name}: events or stream batches it gave up on are waiting in its failure queue`,
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
          }),
      );
    }

    // The schedule invokes the tick every minute: no invocation in 5 minutes means a disabled or broken rule.
    if (props.heartbeat) {
      watch(
        props.tickFunction
          .metricInvocations({ period: Duration.minutes(5), statistic: "Sum" })
          .createAlarm(this, "TickHeartbeat", {
            alarmDescription: "driftless tick function has not run for 5 minutes: nothing is being evaluated",
            threshold: 1,
            evaluationPeriods: 1,
            comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_THRESHOLD,
            treatMissingData: cloudwatch.TreatMissingData.BREACHING,
          }),
      );
    }

    // Stream records wait for policy-sync: edits are rare, so minutes of age mean it is stuck or failing
    // (a record older than the mapping's maximum age, 1 hour, goes to the failure queue unvalidated).
    watch(
      props.policySyncFunction
        .metric("IteratorAge", { period: Duration.minutes(1), statistic: "Maximum" })
        .createAlarm(this, "PolicySyncIteratorAge", {
          alarmDescription: `driftless policy-sync is more than ${POLICY_SYNC_LAG.toHumanString()} behind the policies table's stream: edits are not validated and alarms not kept`,
          threshold: POLICY_SYNC_LAG.toMilliseconds(),
          evaluationPeriods: 3,
          datapointsToAlarm: 3,
          comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
          treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        }),
    );
    // A tick round that takes most of the interval starts the next one late: lateness follows, and
    // then skipped rounds. More shards or more memory per shard is the fix.
    const slowRound = props.evaluationInterval.toMilliseconds() * SLOW_ROUND_FRACTION;
    watch(
      new cloudwatch.MathExpression({
        expression: `SELECT MAX("${METRIC.roundDuration}") FROM SCHEMA("${METRICS_NAMESPACE}", Function, service) WHERE Function = 'tick'`,
        period: Duration.minutes(1),
        label: `${METRIC.roundDuration} (max over tick rounds)`,
      }).createAlarm(this, "SlowRounds", {
        alarmDescription: `driftless tick rounds take over ${SLOW_ROUND_FRACTION * 100}% of the ${props.evaluationInterval.toSeconds()} s evaluation interval: add shards or memory before rounds run late`,
        threshold: slowRound,
        evaluationPeriods: 5,
        datapointsToAlarm: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    const fleet = (stat: "SUM" | "MAX", metric: string, period: Duration) =>
      new cloudwatch.MathExpression({
        expression: `SELECT ${stat}("${metric}") FROM ${TARGET_SCHEMA}`,
        period,
        label: `${metric} (${stat.toLowerCase()} over targets)`,
      });

    watch(
      fleet("SUM", METRIC.invalidPolicies, Duration.minutes(5)).createAlarm(this, "InvalidPolicies", {
        alarmDescription:
          "a policy item fails validation: its last known-good policy keeps running (driftless status shows its problems)",
        threshold: 1,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    watch(
      fleet("MAX", METRIC.metricAge, Duration.minutes(1)).createAlarm(this, "StaleMetrics", {
        alarmDescription: `a target's newest load datapoint is older than ${props.staleMetricThreshold.toSeconds()} s: it cannot scale down and soon falls back`,
        threshold: props.staleMetricThreshold.toSeconds(),
        evaluationPeriods: 3,
        datapointsToAlarm: 3,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    watch(
      fleet("MAX", METRIC.lateness, Duration.minutes(5)).createAlarm(this, "DecisionLateness", {
        alarmDescription: `a scaling change was decided more than ${props.latenessThreshold.toSeconds()} s after the policy meant it`,
        threshold: props.latenessThreshold.toMilliseconds(),
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );
    watch(
      fleet("SUM", METRIC.targetErrors, Duration.minutes(5)).createAlarm(this, "TargetErrors", {
        alarmDescription: "evaluations of a target keep failing (see the functions' logs for targetError)",
        threshold: 1,
        evaluationPeriods: 3,
        datapointsToAlarm: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      }),
    );

    this.dashboard = new cloudwatch.Dashboard(this, "Dashboard", {
      ...(props.dashboardName === undefined ? {} : { dashboardName: props.dashboardName }),
      defaultInterval: Duration.hours(3),
    });
    this.dashboard.addWidgets(
      new cloudwatch.AlarmStatusWidget({
        title: "driftless health",
        alarms: this.alarms,
        width: 24,
        height: 4,
      }),
    );
    for (const targetId of props.targets) this.dashboard.addWidgets(...targetWidgets(targetId));
    for (const { name, function: fn } of props.functions) {
      this.dashboard.addWidgets(
        new cloudwatch.GraphWidget({
          title: `${name}: invocations, errors, throttles`,
          width: 12,
          left: [
            fn.metricInvocations({ statistic: "Sum" }),
            fn.metricErrors({ statistic: "Sum" }),
            fn.metricThrottles({ statistic: "Sum" }),
          ],
        }),
        new cloudwatch.GraphWidget({
          title: `${name}: duration`,
          width: 12,
          left: [
            fn.metricDuration({ statistic: "Average" }),
            fn.metricDuration({ statistic: "p99" }),
            fn.metricDuration({ statistic: "Maximum" }),
          ],
        }),
      );
    }
  }
}

function targetWidgets(targetId: string): cloudwatch.IWidget[] {
  // One series per target, whichever function (tick or alarm) made the decision: their `service` differs.
  const series = (metricName: string, statistic: string, label: string) =>
    new cloudwatch.MathExpression({
      expression: `MAX(SEARCH('{${METRICS_NAMESPACE},TargetId,service} MetricName="${metricName}" TargetId="${targetId}"', '${statistic}', 60))`,
      period: Duration.minutes(1),
      label,
    });
  return [
    new cloudwatch.GraphWidget({
      title: `${targetId}: load (ongoing requests)`,
      width: 8,
      left: [series(METRIC.load, "Average", "load")],
    }),
    new cloudwatch.GraphWidget({
      title: `${targetId}: replicas`,
      width: 8,
      left: [
        series(METRIC.desired, "Maximum", "desired"),
        series(METRIC.running, "Maximum", "running"),
        series(METRIC.pending, "Maximum", "pending"),
      ],
    }),
    new cloudwatch.GraphWidget({
      title: `${targetId}: decision lateness (ms)`,
      width: 8,
      left: [series(METRIC.lateness, "Maximum", "lateness")],
    }),
  ];
}
