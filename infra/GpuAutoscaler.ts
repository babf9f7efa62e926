import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ArnFormat, Duration, RemovalPolicy, Stack, Validations } from "aws-cdk-lib";
import * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import * as kms from "aws-cdk-lib/aws-kms";
import * as lambda from "aws-cdk-lib/aws-lambda";
import { SqsDestination } from "aws-cdk-lib/aws-lambda-destinations";
import { DynamoEventSource, SqsDlq } from "aws-cdk-lib/aws-lambda-event-sources";
import * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import * as logs from "aws-cdk-lib/aws-logs";
import * as sns from "aws-cdk-lib/aws-sns";
import * as subscriptions from "aws-cdk-lib/aws-sns-subscriptions";
import * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { HISTORY_TABLE, POLICY_TABLE, STATE_TABLE } from "../shared/aws/tableDefinitions";
import { loadRuntimeConfig } from "../shared/config/RuntimeConfig";
import { TICK_SCHEDULE_S } from "../shared/engine/tickWindow";
import { METRICS_NAMESPACE } from "../shared/observability/metricNames";
import { ForecastFunction } from "./ForecastFunction";
import { GpuAutoscalerMonitoring } from "./GpuAutoscalerMonitoring";
import { ownershipStatements } from "./ownershipStatements";
import { alarmStatements, scalingStatements } from "./scalingStatements";

/** The driftless checkout this file belongs to: where `functions/` and `package-lock.json` live. */
/** The runtime's own defaults (RuntimeConfig's schema), for the props left unset; any region parses alike. */
const RUNTIME_DEFAULTS = loadRuntimeConfig({ AWS_REGION: "us-east-1" });

const DEFAULT_PROJECT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/** EventBridge accepts at most 5 targets per rule. */
const TARGETS_PER_RULE = 5;

/** Lambda refuses a reservation that leaves fewer unreserved concurrent executions in the account. */
const UNRESERVED_CONCURRENCY_MINIMUM = 10;
/** The most one function can reserve under Lambda's default account quota of 1000. */
const MAX_RESERVABLE_CONCURRENCY = 1000 - UNRESERVED_CONCURRENCY_MINIMUM;

export interface GpuAutoscalerTableNames {
  readonly policies?: string;
  readonly state?: string;
  readonly history?: string;
}

/** Configuration of one driftless deployment. Every prop is optional. */
export interface GpuAutoscalerProps {
  /**
   * ECS clusters (names, not ARNs) whose services driftless may describe and scale: the IAM policy allows
   * `ecs:UpdateService` on `service/CLUSTER/*` of each.
   * @default - none: only services tagged `driftless:managed=true`, in any cluster of the account and region
   */
  readonly clusterNames?: readonly string[];
  /**
   * Auto Scaling groups (names) whose desired capacity driftless may set (policies in capacity mode `direct`).
   * @default - none: only groups tagged `driftless:managed=true`
   */
  readonly autoScalingGroupNames?: readonly string[];
  /**
   * Prefix of every CloudWatch alarm driftless creates; the alarm rule and the alarm IAM permissions are
   * scoped to it. driftless's own health alarms never start with it.
   * @default "driftless-"
   */
  readonly alarmPrefix?: string;
  /**
   * Seconds between evaluation rounds inside one tick invocation (1..60).
   * @default 10
   */
  readonly evaluationIntervalS?: number;
  /**
   * Number of tick shards: each minute the schedule invokes the tick function once per shard with
   * `{"shard": i, "shards": n}`, and each invocation evaluates the targets hashed to its shard (1..1000).
   * @default 1
   */
  readonly shards?: number;
  /**
   * Global ceiling on replicas per target, applied after every policy bound: no table edit can exceed it.
   * @default - no ceiling beyond each policy's own bounds
   */
  readonly maxReplicasPerTarget?: number;
  /**
   * Global ceiling on GPUs per target (replicas x gpus_per_task), applied after every policy bound.
   * @default - no ceiling beyond each policy's own limits
   */
  readonly maxGpusPerTarget?: number;
  /**
   * Days a decision stays in the history table before DynamoDB's TTL deletes it (1..3650).
   * @default 30
   */
  readonly historyTtlDays?: number;
  /**
   * DynamoDB deletion protection on the policies table. On, a failed first deploy cannot roll the table
   * back: CloudFormation leaves it behind and the retry must adopt it (`cdk deploy
   * --import-existing-resources`, which imports a retained table of the same name). Off, the table is
   * still retained on stack deletion and replacement, and DynamoDB keeps a 35-day system backup of a
   * deleted table that has point-in-time recovery.
   * @default false
   */
  readonly policiesTableDeletionProtection?: boolean;
  /**
   * Physical names of the tables. Fixed names let the `driftless` CLI find them by default
   * (`driftless-policies`, ...); generated names let several deployments share an account.
   * @default - names CloudFormation generates (read them from the construct's tables)
   */
  readonly tableNames?: GpuAutoscalerTableNames;
  /**
   * Removal policy of the state and history tables (the policies table is always retained on stack
   * deletion and replacement: it holds what operators wrote; only the rollback of the create that made it
   * deletes it, so a failed first deploy can be retried).
   * @default RemovalPolicy.DESTROY
   */
  readonly derivedTablesRemovalPolicy?: RemovalPolicy;
  /**
   * POWERTOOLS_SERVICE_NAME of the functions (logs' `service` field and metrics' `service` dimension).
   * @default "driftless"
   */
  readonly serviceName?: string;
  /**
   * Whether the schedule and the alarm rule invoke the evaluating functions. `false` pauses every evaluation
   * (policy-sync keeps validating edits); the runtime's kill switch, `driftless settings kill-switch on`,
   * stops actions but keeps measuring.
   * @default true
   */
  readonly enabled?: boolean;
  /**
   * Timeout of the tick function. Each invocation loops on absolute deadlines until shortly before the
   * next minute's invocation, so it must exceed 60 s.
   * @default Duration.seconds(70)
   */
  readonly tickTimeout?: Duration;
  /**
   * Timeout of the alarm function: its budget for waiting until a due delay fires (at most 15 minutes).
   * @default Duration.minutes(15)
   */
  readonly alarmTimeout?: Duration;
  /**
   * Reserved concurrency of the alarm function, so a storm of alarm state changes cannot take the account's
   * Lambda concurrency from other workloads. Lambda refuses a reservation that would leave fewer than 10
   * unreserved executions in the account, and new accounts may have a quota of 10: then no reservation
   * deploys. Set it only where the account's quota leaves room (at most 990 with the default quota of 1000).
   * `"none"` is the same as unset.
   * @default - none reserved
   */
  readonly alarmReservedConcurrency?: number | "none";
  /**
   * Memory of the tick and alarm functions in MB (policy-sync gets 256). They mostly wait on AWS calls and
   * on deadlines, and the tick is billed for its whole minute: raise this for hundreds of targets per shard.
   * @default 256
   */
  readonly memorySizeMb?: number;
  /**
   * Retention of the functions' log groups.
   * @default logs.RetentionDays.ONE_MONTH
   */
  readonly logRetention?: logs.RetentionDays;
  /**
   * Targets (policy item `targetId`s) that get a row on the dashboard: load, replicas, lateness.
   * @default - none: the dashboard shows the health alarms and the functions only
   */
  readonly dashboardTargets?: readonly string[];
  /**
   * Name of the CloudWatch dashboard.
   * @default - a name CloudFormation generates
   */
  readonly dashboardName?: string;
  /**
   * Topic the health alarms notify. A topic of your own must let cloudwatch.amazonaws.com publish (and,
   * if encrypted, use its key) for alarms of this account: this construct adds that only to its own topic.
   * @default - a new topic encrypted with a new customer-managed KMS key (CloudWatch cannot publish to a
   * topic encrypted with the AWS-managed SNS key)
   */
  readonly alertTopic?: sns.ITopic;
  /**
   * Email addresses subscribed to the alert topic (each must confirm its subscription).
   * @default - none
   */
  readonly alertEmails?: readonly string[];
  /**
   * The DecisionLatenessMs alarm fires above this.
   * @default Duration.seconds(30)
   */
  readonly latenessAlarmThreshold?: Duration;
  /**
   * The MetricAgeSeconds alarm fires when a target's newest load datapoint is older than this for 3 minutes.
   * @default Duration.minutes(5)
   */
  readonly staleMetricAlarmThreshold?: Duration;
  /**
   * The directory holding driftless's `functions/` and `package-lock.json`, for bundling.
   * @default - the driftless checkout this construct's file belongs to
   */
  readonly projectRoot?: string;
}

/**
 * driftless as one construct: the policies, state and history tables; the tick (scheduled, sharded),
 * alarm (CloudWatch alarm state changes under the driftless prefix) and policy-sync (policies table
 * stream) functions with least-privilege roles and failure queues; a dashboard and health alarms.
 */
export class GpuAutoscaler extends Construct {
  readonly policiesTable: dynamodb.Table;
  readonly stateTable: dynamodb.Table;
  readonly historyTable: dynamodb.Table;
  readonly tickFunction: nodejs.NodejsFunction;
  readonly alarmFunction: nodejs.NodejsFunction;
  readonly policySyncFunction: nodejs.NodejsFunction;
  /** Hourly load forecasts of the targets with `predictive` on (see ForecastFunction). */
  readonly forecast: ForecastFunction;
  readonly alertTopic: sns.ITopic;
  readonly monitoring: GpuAutoscalerMonitoring;
  /** The environment every function gets (RuntimeConfig's variables). */
  readonly environment: Readonly<Record<string, string>>;
  /** The schedule rules (one per 5 shards: EventBridge allows 5 targets per rule). */
  readonly tickRules: events.Rule[] = [];
  readonly alarmRule: events.Rule;

  constructor(scope: Construct, id: string, props: GpuAutoscalerProps = {}) {
    super(scope, id);
    const alarmPrefix = props.alarmPrefix ?? RUNTIME_DEFAULTS.alarmPrefix;
    const shards = props.shards ?? RUNTIME_DEFAULTS.shards;
    const serviceName = props.serviceName ?? "driftless";
    const enabled = props.enabled ?? true;
    const projectRoot = props.projectRoot ?? DEFAULT_PROJECT_ROOT;
    const tickTimeout = props.tickTimeout ?? Duration.seconds(70);
    const alarmTimeout = props.alarmTimeout ?? Duration.minutes(15);
    validateProps(this, { ...props, alarmPrefix, tickTimeout, alarmTimeout });

    // ---- tables (keys, stream and TTL attribute from shared/aws/tableDefinitions) ----
    const derivedRemoval = props.derivedTablesRemovalPolicy ?? RemovalPolicy.DESTROY;
    const pitr = { pointInTimeRecoveryEnabled: true };
    this.policiesTable = new dynamodb.Table(this, "PoliciesTable", {
      ...(props.tableNames?.policies === undefined ? {} : { tableName: props.tableNames.policies }),
      partitionKey: { name: POLICY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      stream: dynamodb.StreamViewType[POLICY_TABLE.stream],
      pointInTimeRecoverySpecification: pitr,
      // RetainExceptOnCreate: a stack deletion or replacement keeps the table, but the rollback of the
      // create that made it deletes it, so a failed first deploy leaves no fixed-name table behind and a
      // retry succeeds. Deletion protection would block that rollback, so it is opt-in.
      deletionProtection: props.policiesTableDeletionProtection ?? false,
      removalPolicy: RemovalPolicy.RETAIN_ON_UPDATE_OR_DELETE,
    });
    this.stateTable = new dynamodb.Table(this, "StateTable", {
      ...(props.tableNames?.state === undefined ? {} : { tableName: props.tableNames.state }),
      partitionKey: { name: STATE_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: pitr,
      removalPolicy: derivedRemoval,
    });
    this.historyTable = new dynamodb.Table(this, "HistoryTable", {
      ...(props.tableNames?.history === undefined ? {} : { tableName: props.tableNames.history }),
      partitionKey: { name: HISTORY_TABLE.partitionKey, type: dynamodb.AttributeType.STRING },
      sortKey: { name: HISTORY_TABLE.sortKey, type: dynamodb.AttributeType.NUMBER },
      billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: HISTORY_TABLE.ttlAttribute,
      pointInTimeRecoverySpecification: pitr,
      removalPolicy: derivedRemoval,
    });

    // ---- environment: exactly RuntimeConfig's variables, validated by its own parser at synth ----
    const environment: Record<string, string> = {
      DRIFTLESS_POLICY_TABLE: this.policiesTable.tableName,
      DRIFTLESS_STATE_TABLE: this.stateTable.tableName,
      DRIFTLESS_HISTORY_TABLE: this.historyTable.tableName,
      DRIFTLESS_ALARM_PREFIX: alarmPrefix,
      DRIFTLESS_HISTORY_TTL_DAYS: String(props.historyTtlDays ?? RUNTIME_DEFAULTS.historyTtlDays),
      DRIFTLESS_EVALUATION_INTERVAL_S: String(
        props.evaluationIntervalS ?? RUNTIME_DEFAULTS.evaluationIntervalS,
      ),
      DRIFTLESS_SHARDS: String(shards),
      ...(props.maxReplicasPerTarget === undefined
        ? {}
        : { DRIFTLESS_MAX_REPLICAS_PER_TARGET: String(props.maxReplicasPerTarget) }),
      ...(props.maxGpusPerTarget === undefined
        ? {}
        : { DRIFTLESS_MAX_GPUS_PER_TARGET: String(props.maxGpusPerTarget) }),
      POWERTOOLS_SERVICE_NAME: serviceName,
      POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
      // Stack traces point into the TypeScript sources through the bundled source maps.
      NODE_OPTIONS: "--enable-source-maps",
    };
    // AWS_REGION is set by Lambda; any region makes the rest parse the same way the functions will.
    const runtimeConfig = loadRuntimeConfig({ ...environment, AWS_REGION: "us-east-1" });
    this.environment = environment;

    // ---- failure queues: events and stream batches given up on land here (encrypted, TLS only) ----
    const failureQueue = (name: string) => {
      const queue = new sqs.Queue(this, `${name}Failures`, {
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        retentionPeriod: Duration.days(14),
      });
      Validations.of(queue).acknowledge({
        id: "AwsSolutions-SQS3",
        reason: `This queue is itself the dead-letter destination of the ${name} function; a DLQ of a DLQ adds nothing.`,
      });
      return queue;
    };
    const tickFailures = failureQueue("Tick");
    const alarmFailures = failureQueue("Alarm");
    const policySyncFailures = failureQueue("PolicySync");

    // ---- functions ----
    const makeFunction = (name: string, dir: string, options: FunctionOptions) => {
      const logGroup = new logs.LogGroup(this, `${name}Logs`, {
        retention: props.logRetention ?? logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      });
      // An explicit role keeps AWS-managed policies out: it may write its own log group and nothing else
      // beyond what is granted below.
      const role = new iam.Role(this, `${name}Role`, {
        assumedBy: new iam.ServicePrincipal("lambda.amazonaws.com"),
        description: `driftless ${name} function`,
      });
      logGroup.grantWrite(role);
      const fn = new nodejs.NodejsFunction(this, `${name}Function`, {
        description: options.description,
        entry: join(projectRoot, "functions", dir, "handler.ts"),
        handler: "handler",
        projectRoot,
        depsLockFilePath: join(projectRoot, "package-lock.json"),
        runtime: lambda.Runtime.NODEJS_22_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: options.memorySize,
        timeout: options.timeout,
        role,
        logGroup,
        environment,
        ...(options.reservedConcurrency === undefined
          ? {}
          : { reservedConcurrentExecutions: options.reservedConcurrency }),
        ...(options.async === undefined
          ? {}
          : {
              onFailure: new SqsDestination(options.async.failures),
              retryAttempts: options.async.retryAttempts,
              maxEventAge: options.async.maxEventAge,
            }),
        bundling: BUNDLING,
      });
      Validations.of(fn).acknowledge({
        id: "AwsSolutions-L1",
        reason:
          "nodejs22.x is the runtime the bundles are built for (esbuild target node22) and tested on; moving to a newer runtime is a deliberate, tested change, not a silent default.",
      });
      return fn;
    };
    const memorySize = props.memorySizeMb ?? 256;
    const alarmConcurrency = props.alarmReservedConcurrency ?? "none";
    this.tickFunction = makeFunction("Tick", "tick", {
      description: "driftless: scheduled evaluation rounds of one shard of the targets, every interval",
      memorySize,
      timeout: tickTimeout,
      // A tick event is superseded by the next minute's: no retries, and a stale one is dropped.
      async: { failures: tickFailures, retryAttempts: 0, maxEventAge: Duration.minutes(1) },
    });
    this.alarmFunction = makeFunction("Alarm", "alarm", {
      description: "driftless: evaluates a target at once when its load alarm changes state",
      memorySize,
      timeout: alarmTimeout,
      ...(alarmConcurrency === "none" ? {} : { reservedConcurrency: alarmConcurrency }),
      async: { failures: alarmFailures, retryAttempts: 1, maxEventAge: Duration.minutes(5) },
    });
    this.policySyncFunction = makeFunction("PolicySync", "policy-sync", {
      description: "driftless: validates edited policies and keeps each target's load alarms",
      memorySize: 256,
      timeout: Duration.seconds(60),
    });

    // ---- permissions: each table only for the access each function needs ----
    const scaling = [
      ...scalingStatements(this, {
        clusterNames: props.clusterNames ?? [],
        autoScalingGroupNames: props.autoScalingGroupNames ?? [],
      }),
      ...ownershipStatements(this, props.clusterNames ?? []),
    ];
    for (const fn of [this.tickFunction, this.alarmFunction]) {
      this.policiesTable.grantReadData(fn);
      this.stateTable.grantReadWriteData(fn);
      this.historyTable.grantWriteData(fn);
      for (const statement of scaling) fn.addToRolePolicy(statement);
    }
    this.policiesTable.grantReadData(this.policySyncFunction);
    this.stateTable.grantReadWriteData(this.policySyncFunction);
    for (const statement of alarmStatements(this, alarmPrefix))
      this.policySyncFunction.addToRolePolicy(statement);

    // ---- triggers ----
    for (let first = 0; first < shards; first += TARGETS_PER_RULE) {
      const rule = new events.Rule(this, `TickSchedule${first / TARGETS_PER_RULE}`, {
        description: `driftless tick, shards ${first}..${Math.min(first + TARGETS_PER_RULE, shards) - 1} of ${shards}`,
        schedule: events.Schedule.rate(Duration.seconds(TICK_SCHEDULE_S)),
        enabled,
      });
      for (let shard = first; shard < Math.min(first + TARGETS_PER_RULE, shards); shard++) {
        rule.addTarget(
          new targets.LambdaFunction(this.tickFunction, {
            event: events.RuleTargetInput.fromObject({ shard, shards }),
            retryAttempts: 2,
            maxEventAge: Duration.minutes(1),
            deadLetterQueue: tickFailures,
          }),
        );
      }
      this.tickRules.push(rule);
    }
    this.alarmRule = new events.Rule(this, "AlarmStateChange", {
      description: `driftless: state changes of the alarms named ${alarmPrefix}*`,
      enabled,
      eventPattern: {
        source: ["aws.cloudwatch"],
        detailType: ["CloudWatch Alarm State Change"],
        detail: { alarmName: events.Match.prefix(alarmPrefix) },
      },
    });
    this.alarmRule.addTarget(
      new targets.LambdaFunction(this.alarmFunction, {
        retryAttempts: 2,
        maxEventAge: Duration.minutes(5),
        deadLetterQueue: alarmFailures,
      }),
    );
    this.policySyncFunction.addEventSource(
      new DynamoEventSource(this.policiesTable, {
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: 25,
        bisectBatchOnError: true,
        retryAttempts: 3,
        maxRecordAge: Duration.hours(1),
        reportBatchItemFailures: true,
        onFailure: new SqsDlq(policySyncFailures),
      }),
    );

    this.forecast = new ForecastFunction(this, "Forecast", {
      makeFunction: (options) => makeFunction("Forecast", "forecast", options),
      failures: failureQueue("Forecast"),
      policiesTable: this.policiesTable,
      stateTable: this.stateTable,
      enabled,
    });

    // ---- alerting and monitoring ----
    this.alertTopic = props.alertTopic ?? this.createAlertTopic();
    for (const email of props.alertEmails ?? []) {
      this.alertTopic.addSubscription(new subscriptions.EmailSubscription(email));
    }
    this.monitoring = new GpuAutoscalerMonitoring(this, "Monitoring", {
      functions: [
        {
          name: "Tick",
          function: this.tickFunction,
          failureQueue: tickFailures,
          errorsMean: "every evaluation round of a tick failed, an unhandled error or a timeout",
        },
        { name: "Alarm", function: this.alarmFunction, failureQueue: alarmFailures },
        { name: "PolicySync", function: this.policySyncFunction, failureQueue: policySyncFailures },
      ],
      tickFunction: this.tickFunction,
      policySyncFunction: this.policySyncFunction,
      evaluationInterval: Duration.seconds(runtimeConfig.evaluationIntervalS),
      heartbeat: enabled,
      targets: props.dashboardTargets ?? [],
      topic: this.alertTopic,
      latenessThreshold: props.latenessAlarmThreshold ?? Duration.seconds(30),
      staleMetricThreshold: props.staleMetricAlarmThreshold ?? Duration.minutes(5),
      ...(props.dashboardName === undefined ? {} : { dashboardName: props.dashboardName }),
    });

    this.acknowledgeWildcards(props, alarmPrefix);
  }

  /**
   * Lets `grantee` read and write policy items (what `driftless policy put|pause|...` needs): read and
   * write data on the policies table only, nothing on the state and history tables or on any service. An
   * editor can set any policy field, so the deploy-time ceilings (`maxReplicasPerTarget`,
   * `maxGpusPerTarget`) are the guard against an edit such as `max_replicas: 10000`.
   */
  grantPolicyEditor(grantee: iam.IGrantable): iam.Grant {
    return this.policiesTable.grantReadWriteData(grantee);
  }

  private createAlertTopic(): sns.Topic {
    const key = new kms.Key(this, "AlertKey", {
      description: "driftless alert topic",
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    // CloudWatch alarms publish to an encrypted topic only if the key lets CloudWatch use it, and only
    // alarms of this account (the confused-deputy guard: aws:SourceAccount and aws:SourceArn).
    const cloudwatch = new iam.ServicePrincipal("cloudwatch.amazonaws.com");
    const fromOwnAlarms = this.ownAlarmsCondition();
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudWatchAlarmsUseKey",
        principals: [cloudwatch],
        actions: ["kms:Decrypt", "kms:GenerateDataKey*"],
        resources: ["*"],
        conditions: fromOwnAlarms,
      }),
    );
    const topic = new sns.Topic(this, "AlertTopic", {
      displayName: "driftless alerts",
      masterKey: key,
      enforceSSL: true,
    });
    // enforceSSL makes the topic policy deny-only, which replaces SNS's default policy: without this
    // Allow, CloudWatch's alarm actions are refused and no alert is delivered.
    topic.addToResourcePolicy(
      new iam.PolicyStatement({
        sid: "CloudWatchAlarmsPublish",
        principals: [cloudwatch],
        actions: ["sns:Publish"],
        resources: [topic.topicArn],
        conditions: fromOwnAlarms,
      }),
    );
    return topic;
  }

  /** Conditions that hold only for requests CloudWatch makes on behalf of an alarm of this account. */
  private ownAlarmsCondition(): Record<string, Record<string, string>> {
    const stack = Stack.of(this);
    return {
      StringEquals: { "aws:SourceAccount": stack.account },
      ArnLike: {
        "aws:SourceArn": stack.formatArn({
          service: "cloudwatch",
          resource: "alarm",
          resourceName: "*",
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
  }

  /**
   * Acknowledges each wildcard resource in the functions' policies, with why it cannot be narrower. cdk-nag
   * reports every finding separately, so an unexpected new wildcard still fails the synth.
   */
  private acknowledgeWildcards(props: GpuAutoscalerProps, alarmPrefix: string): void {
    // The findings sit on each role's default policy, so they are acknowledged on the roles.
    const acknowledge = (fns: lambda.IFunction[], finding: string, reason: string) => {
      for (const fn of fns) {
        if (fn.role) Validations.of(fn.role).acknowledge({ id: `AwsSolutions-IAM5[${finding}]`, reason });
      }
    };
    const evaluators = [this.tickFunction, this.alarmFunction];
    acknowledge(
      evaluators,
      "Resource::*",
      "Only autoscaling:DescribeAutoScalingGroups, autoscaling:DescribeWarmPool, cloudwatch:GetMetricData and application-autoscaling:Describe*: none of these APIs supports resource-level permissions; and ecs:ListTasks (read-only) of a whole cluster, which AWS authorizes against *, under the condition ecs:cluster (the named clusters, or any when none is named).",
    );
    acknowledge(
      evaluators,
      "Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:capacity-provider/*",
      "Only ecs:DescribeCapacityProviders (read-only): a policy may name any capacity provider of the account; its managed scaling is checked.",
    );
    if ((props.clusterNames ?? []).length === 0)
      acknowledge(
        evaluators,
        "Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:cluster/*",
        "Only ecs:DescribeClusters and ecs:ListContainerInstances (read-only): finds the capacity provider of a group a policy names without its provider, and which instances host tasks, in any cluster (no cluster names given).",
      );
    for (const cluster of (props.clusterNames ?? []).length === 0 ? ["*"] : (props.clusterNames ?? [])) {
      const which = cluster === "*" ? "any cluster (no cluster names given)" : `the cluster ${cluster}`;
      acknowledge(
        evaluators,
        `Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:container-instance/${cluster}/*`,
        `Only ecs:DescribeContainerInstances (read-only) on the container instances of ${which}: their ids are not known at deploy time; capacity mode direct lowers a group only past instances hosting no task.`,
      );
      acknowledge(
        evaluators,
        `Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:task/${cluster}/*`,
        `Only ecs:DescribeTasks (read-only) on the tasks of ${which}: the tasks ECS is stopping are not known at deploy time; an instance whose task still drains its requests is not taken by a scale-in.`,
      );
    }
    acknowledge(
      [this.policySyncFunction],
      "Resource::*",
      "Only dynamodb:ListStreams (added by the stream event source), which supports no resource-level permissions, and cloudwatch:DescribeAlarms, which only reads and which AWS authorizes against alarm:* for a prefix listing.",
    );
    acknowledge(
      [this.policySyncFunction],
      `Resource::arn:<AWS::Partition>:cloudwatch:<AWS::Region>:<AWS::AccountId>:alarm:${alarmPrefix}*`,
      "Alarm writes only under driftless's alarm name prefix: policy-sync creates and deletes one set of alarms per target, named when the policy is edited.",
    );
    if ((props.clusterNames ?? []).length === 0) {
      acknowledge(
        evaluators,
        "Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service/*",
        "No clusters named at deploy time: ecs:DescribeServices/UpdateService on any service, but only under the condition aws:ResourceTag/driftless:managed=true.",
      );
    }
    for (const cluster of props.clusterNames ?? []) {
      acknowledge(
        evaluators,
        `Resource::arn:<AWS::Partition>:ecs:<AWS::Region>:<AWS::AccountId>:service/${cluster}/*`,
        `Services of the cluster ${cluster}, which was named at deploy time, and only those tagged driftless:managed=true (aws:ResourceTag condition).`,
      );
    }
    if ((props.autoScalingGroupNames ?? []).length === 0) {
      acknowledge(
        evaluators,
        "Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/*",
        "No groups named at deploy time: autoscaling:SetDesiredCapacity and SetInstanceProtection on any group, but only under the condition aws:ResourceTag/driftless:managed=true.",
      );
    }
    for (const group of props.autoScalingGroupNames ?? []) {
      acknowledge(
        evaluators,
        `Resource::arn:<AWS::Partition>:autoscaling:<AWS::Region>:<AWS::AccountId>:autoScalingGroup:*:autoScalingGroupName/${group}`,
        "An Auto Scaling group ARN carries the group's generated id before its name: the name is fixed, the id is not known at deploy time.",
      );
    }
  }
}

interface FunctionOptions {
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly reservedConcurrency?: number;
  readonly async?: {
    readonly failures: sqs.IQueue;
    readonly retryAttempts: number;
    readonly maxEventAge: Duration;
  };
}

/**
 * Local esbuild only (never Docker), minified ESM with source maps. The AWS SDK v3 is bundled rather than
 * taken from the runtime: the adapters are tested against the exact pinned version (request encoding,
 * CBOR/JSON protocol selection, lib-dynamodb marshalling), and the runtime's copy changes under us.
 */
const BUNDLING: nodejs.BundlingOptions = {
  forceDockerBundling: false,
  minify: true,
  sourceMap: true,
  sourcesContent: false,
  target: "node22",
  format: nodejs.OutputFormat.ESM,
  // Prefer each package's ES module build: it tree-shakes far better than the CommonJS one.
  mainFields: ["module", "main"],
  externalModules: [],
  // A CommonJS dependency that calls require() still works inside the ES module bundle.
  banner:
    "import { createRequire as __driftlessCreateRequire } from 'node:module';const require = __driftlessCreateRequire(import.meta.url);",
  logLevel: nodejs.LogLevel.ERROR,
};

function validateProps(
  scope: Construct,
  props: GpuAutoscalerProps & { alarmPrefix: string; tickTimeout: Duration; alarmTimeout: Duration },
): void {
  const problems: string[] = [];
  if (!/^[A-Za-z0-9_.\-/#:]+$/.test(props.alarmPrefix)) {
    problems.push(`alarmPrefix "${props.alarmPrefix}" must be non-empty alarm-name characters, without "*"`);
  }
  // Health alarms get CloudFormation-generated names, which start with the stack name: if that began with
  // the prefix, driftless's own alarms would trigger the alarm function.
  const stackName = Stack.of(scope).stackName;
  if (stackName.startsWith(props.alarmPrefix)) {
    problems.push(`the stack name "${stackName}" starts with alarmPrefix "${props.alarmPrefix}"; rename one`);
  }
  for (const name of props.clusterNames ?? []) {
    if (!/^[A-Za-z0-9_-]{1,255}$/.test(name))
      problems.push(`clusterNames: "${name}" is not an ECS cluster name`);
  }
  for (const name of props.autoScalingGroupNames ?? []) {
    if (name.length === 0 || name.includes("*") || name.includes(":")) {
      problems.push(`autoScalingGroupNames: "${name}" is not an Auto Scaling group name`);
    }
  }
  if (props.tickTimeout.toSeconds() <= TICK_SCHEDULE_S || props.tickTimeout.toSeconds() > 900) {
    problems.push(
      `tickTimeout must be above ${TICK_SCHEDULE_S} s (the tick runs until the next schedule) and at most 15 minutes`,
    );
  }
  if (props.alarmTimeout.toSeconds() > 900)
    problems.push("alarmTimeout is at most 15 minutes (Lambda's limit)");
  const memory = props.memorySizeMb;
  if (memory !== undefined && (!Number.isInteger(memory) || memory < 128 || memory > 10_240)) {
    problems.push("memorySizeMb must be an integer in 128..10240");
  }
  const concurrency = props.alarmReservedConcurrency;
  if (
    typeof concurrency === "number" &&
    (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > MAX_RESERVABLE_CONCURRENCY)
  ) {
    problems.push(
      `alarmReservedConcurrency ${concurrency} must be an integer in 1..${MAX_RESERVABLE_CONCURRENCY} or "none": ` +
        `Lambda keeps at least ${UNRESERVED_CONCURRENCY_MINIMUM} executions of the account's quota unreserved, so a ` +
        `reservation deploys only if it leaves that many (${MAX_RESERVABLE_CONCURRENCY} with the default quota of ` +
        `1000, none in an account whose quota is ${UNRESERVED_CONCURRENCY_MINIMUM}); leave it unset to reserve nothing`,
    );
  }
  if (problems.length > 0) throw new Error(`GpuAutoscaler ${scope.node.path}:\n  ${problems.join("\n  ")}`);
}
