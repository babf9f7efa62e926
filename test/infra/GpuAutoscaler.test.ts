import { ArnFormat, Duration, type Stack } from "aws-cdk-lib";
import { Match, Template } from "aws-cdk-lib/assertions";
import * as iam from "aws-cdk-lib/aws-iam";
import { describe, expect, it } from "vitest";
import { HISTORY_TABLE, POLICY_TABLE, STATE_TABLE } from "../../shared/aws/tableDefinitions";
import { loadRuntimeConfig } from "../../shared/config/RuntimeConfig";
import { METRIC, METRICS_NAMESPACE } from "../../shared/observability/metricNames";
import {
  bindTemplate,
  isAllowed,
  mayBeAllowed,
  namedTableBindings,
  roleGrants,
  rolesOf,
} from "../reliability/iamEvaluator";
import { actionsOf, allowing, allStatements, resourcesOf, roleStatements } from "./support/iamStatements";
import { autoscalerStack } from "./support/synthesizeApp";

// One construct with default props, shared by the read-only assertions below.
const defaults = autoscalerStack();
const template = Template.fromStack(defaults.stack);
const arn = (stack: Stack, service: string, resource: string, resourceName: string, colon = false) =>
  stack.resolve(
    stack.formatArn({
      service,
      resource,
      resourceName,
      ...(colon ? { arnFormat: ArnFormat.COLON_RESOURCE_NAME } : {}),
    }),
  );

describe("GpuAutoscaler resources", () => {
  it("creates three tables, four functions, one stream mapping, one dashboard and one alert topic", () => {
    // arrange / act: the shared default construct
    // assert
    template.resourceCountIs("AWS::DynamoDB::Table", 3);
    template.resourceCountIs("AWS::Lambda::Function", 4);
    template.resourceCountIs("AWS::Lambda::EventSourceMapping", 1);
    template.resourceCountIs("AWS::Events::Rule", 3);
    template.resourceCountIs("AWS::CloudWatch::Dashboard", 1);
    template.resourceCountIs("AWS::SNS::Topic", 1);
    template.resourceCountIs("AWS::SQS::Queue", 4);
  });

  it("keys the tables as tableDefinitions says, with point-in-time recovery on every one", () => {
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [{ AttributeName: POLICY_TABLE.partitionKey, KeyType: "HASH" }],
      StreamSpecification: { StreamViewType: POLICY_TABLE.stream },
    });
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [{ AttributeName: STATE_TABLE.partitionKey, KeyType: "HASH" }],
      StreamSpecification: Match.absent(),
    });
    template.hasResourceProperties("AWS::DynamoDB::Table", {
      KeySchema: [
        { AttributeName: HISTORY_TABLE.partitionKey, KeyType: "HASH" },
        { AttributeName: HISTORY_TABLE.sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: Match.arrayWith([{ AttributeName: HISTORY_TABLE.sortKey, AttributeType: "N" }]),
      TimeToLiveSpecification: { AttributeName: HISTORY_TABLE.ttlAttribute, Enabled: true },
    });
    for (const table of Object.values(template.findResources("AWS::DynamoDB::Table"))) {
      expect(table.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
      expect(table.Properties.BillingMode).toBe("PAY_PER_REQUEST");
    }
  });

  it("retains the policies table on stack deletion and replacement and lets the derived tables go", () => {
    const tables = template.findResources("AWS::DynamoDB::Table");
    const policies = Object.values(tables).filter((t) => t.Properties.StreamSpecification !== undefined);
    const derived = Object.values(tables).filter((t) => t.Properties.StreamSpecification === undefined);
    expect(policies.map((t) => t.UpdateReplacePolicy)).toEqual(["Retain"]);
    expect(derived.map((t) => t.DeletionPolicy)).toEqual(["Delete", "Delete"]);
  });

  it("lets the rollback of a failed first deploy delete the policies table, so a retry can create it again", () => {
    // A plain Retain (or deletion protection) left the fixed-name table behind after a failed create, and
    // every retry then failed with "already exists". RetainExceptOnCreate deletes only what that create made.
    const [policies] = Object.values(
      template.findResources("AWS::DynamoDB::Table", {
        Properties: { StreamSpecification: Match.anyValue() },
      }),
    );
    expect(policies?.DeletionPolicy).toBe("RetainExceptOnCreate");
    expect(policies?.Properties.DeletionProtectionEnabled).not.toBe(true);
  });

  it("turns on deletion protection of the policies table only when asked (a failed create then needs an import)", () => {
    const t = Template.fromStack(autoscalerStack({ policiesTableDeletionProtection: true }).stack);
    t.hasResourceProperties("AWS::DynamoDB::Table", {
      StreamSpecification: Match.anyValue(),
      DeletionProtectionEnabled: true,
    });
  });

  it("runs every function on nodejs22.x, ARM64, with an explicit log group", () => {
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function"))) {
      expect(fn.Properties.Runtime).toBe("nodejs22.x");
      expect(fn.Properties.Architectures).toEqual(["arm64"]);
      expect(fn.Properties.LoggingConfig.LogGroup).toBeDefined();
    }
  });

  it("gives the tick 70 s, the alarm function 15 minutes, policy-sync 60 s, and reserves no concurrency", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("scheduled"),
      Timeout: 70,
      ReservedConcurrentExecutions: Match.absent(),
    });
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("alarm"),
      Timeout: 900,
    });
    // A reservation fails to deploy in accounts whose quota cannot spare it (Lambda keeps 10 unreserved).
    for (const fn of Object.values(template.findResources("AWS::Lambda::Function"))) {
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("validates edited policies"),
      Timeout: 60,
    });
  });

  it("sends failed async invocations to encrypted queues, without retrying a stale tick", () => {
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 0,
      MaximumEventAgeInSeconds: 60,
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
    template.hasResourceProperties("AWS::Lambda::EventInvokeConfig", {
      MaximumRetryAttempts: 1,
      MaximumEventAgeInSeconds: 300,
    });
    for (const queue of Object.values(template.findResources("AWS::SQS::Queue"))) {
      expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    }
  });

  it("configures every function with RuntimeConfig's variables, which parse as the props say", () => {
    // arrange
    const { autoscaler } = autoscalerStack({
      alarmPrefix: "gpu-",
      evaluationIntervalS: 5,
      shards: 3,
      maxReplicasPerTarget: 40,
      maxGpusPerTarget: 80,
      historyTtlDays: 7,
    });
    // act
    const config = loadRuntimeConfig({ ...autoscaler.environment, AWS_REGION: "eu-west-1" });
    // assert
    expect(config).toMatchObject({
      alarmPrefix: "gpu-",
      evaluationIntervalS: 5,
      shards: 3,
      historyTtlDays: 7,
      ceilings: { maxReplicas: 40, maxGpus: 80 },
    });
    expect(autoscaler.environment.POWERTOOLS_METRICS_NAMESPACE).toBe(METRICS_NAMESPACE);
    expect(autoscaler.environment.POWERTOOLS_SERVICE_NAME).toBe("driftless");
    template.hasResourceProperties("AWS::Lambda::Function", {
      Environment: {
        Variables: Match.objectLike({
          DRIFTLESS_POLICY_TABLE: { Ref: Match.stringLikeRegexp("PoliciesTable") },
          DRIFTLESS_STATE_TABLE: { Ref: Match.stringLikeRegexp("StateTable") },
          DRIFTLESS_HISTORY_TABLE: { Ref: Match.stringLikeRegexp("HistoryTable") },
          DRIFTLESS_ALARM_PREFIX: "driftless-",
          DRIFTLESS_SHARDS: "1",
          DRIFTLESS_EVALUATION_INTERVAL_S: "10",
        }),
      },
    });
  });

  it("sets no ceiling variables when no ceiling is given", () => {
    expect(defaults.autoscaler.environment).not.toHaveProperty("DRIFTLESS_MAX_REPLICAS_PER_TARGET");
    expect(defaults.autoscaler.environment).not.toHaveProperty("DRIFTLESS_MAX_GPUS_PER_TARGET");
  });
});

describe("GpuAutoscaler triggers", () => {
  it("invokes the tick every minute with its shard", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 minute)",
      State: "ENABLED",
      Targets: [Match.objectLike({ Input: JSON.stringify({ shard: 0, shards: 1 }) })],
    });
  });

  it("spreads 7 shards over two schedule rules (EventBridge allows 5 targets per rule)", () => {
    // arrange / act
    const { stack } = autoscalerStack({ shards: 7 });
    const rules = Template.fromStack(stack).findResources("AWS::Events::Rule", {
      Properties: { ScheduleExpression: "rate(1 minute)" },
    });
    // assert
    const inputs = Object.values(rules).flatMap((r) =>
      (r.Properties.Targets as { Input: string }[]).map((t) => JSON.parse(t.Input)),
    );
    expect(Object.values(rules).map((r) => r.Properties.Targets.length)).toEqual([5, 2]);
    expect(inputs).toEqual([0, 1, 2, 3, 4, 5, 6].map((shard) => ({ shard, shards: 7 })));
  });

  it("routes only state changes of alarms named with the driftless prefix to the alarm function", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      EventPattern: {
        source: ["aws.cloudwatch"],
        "detail-type": ["CloudWatch Alarm State Change"],
        detail: { alarmName: [{ prefix: "driftless-" }] },
      },
    });
  });

  it("feeds the policies stream to policy-sync with bisection, bounded retries and partial batch failures", () => {
    template.hasResourceProperties("AWS::Lambda::EventSourceMapping", {
      EventSourceArn: { "Fn::GetAtt": [Match.stringLikeRegexp("PoliciesTable"), "StreamArn"] },
      BisectBatchOnFunctionError: true,
      MaximumRetryAttempts: 3,
      MaximumRecordAgeInSeconds: 3600,
      FunctionResponseTypes: ["ReportBatchItemFailures"],
      StartingPosition: "TRIM_HORIZON",
      DestinationConfig: { OnFailure: { Destination: Match.anyValue() } },
    });
  });

  it("disables the evaluation triggers and the tick heartbeat alarm when enabled is false", () => {
    // arrange / act
    const paused = Template.fromStack(autoscalerStack({ enabled: false }).stack);
    // assert
    for (const rule of Object.values(paused.findResources("AWS::Events::Rule"))) {
      expect(rule.Properties.State).toBe("DISABLED");
    }
    // policy-sync keeps validating edits while evaluations are paused.
    paused.hasResourceProperties("AWS::Lambda::EventSourceMapping", { Enabled: Match.absent() }); // on by default
    const invocationAlarms = paused.findResources("AWS::CloudWatch::Alarm", {
      Properties: { MetricName: "Invocations" },
    });
    expect(Object.keys(invocationAlarms)).toEqual([]);
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      MetricName: "Invocations",
      TreatMissingData: "breaching",
    });
  });
});

describe("GpuAutoscaler IAM", () => {
  it("allows no wildcard action in any statement but the KMS key's own administration", () => {
    const offending = allStatements(template).filter(
      ({ resource, statement }) =>
        statement.Effect === "Allow" &&
        actionsOf(statement).some((a) => a === "*" || a.endsWith(":*")) &&
        // CDK's default key policy lets the account administer its key (kms:* to the account root):
        // without it the key could not be managed at all.
        !(resource.includes("AWS::KMS::Key") && actionsOf(statement).join() === "kms:*"),
    );
    expect(offending).toEqual([]);
  });

  it("without cluster or group names, scales only services and groups tagged driftless:managed=true", () => {
    const stack = defaults.stack;
    for (const role of ["AutoscalerTickRole", "AutoscalerAlarmRole"]) {
      const statements = roleStatements(template, role);
      const [ecs] = allowing(statements, "ecs:UpdateService");
      expect(ecs?.Resource).toEqual(arn(stack, "ecs", "service", "*"));
      expect(ecs?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/driftless:managed": "true" } });
      expect(actionsOf(ecs!).sort()).toEqual(["ecs:DescribeServices", "ecs:UpdateService"]);
      const [asg] = allowing(statements, "autoscaling:SetDesiredCapacity");
      expect(asg?.Resource).toEqual(
        arn(stack, "autoscaling", "autoScalingGroup", "*:autoScalingGroupName/*", true),
      );
      expect(asg?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/driftless:managed": "true" } });
    }
  });

  it("with cluster and group names, allows UpdateService and SetDesiredCapacity on those only", () => {
    // arrange
    const { stack } = autoscalerStack({
      clusterNames: ["gpu-a", "gpu-b"],
      autoScalingGroupNames: ["gpu-asg"],
    });
    const named = Template.fromStack(stack);
    for (const role of ["AutoscalerTickRole", "AutoscalerAlarmRole"]) {
      // act
      const statements = roleStatements(named, role);
      const ecs = allowing(statements, "ecs:UpdateService");
      const asg = allowing(statements, "autoscaling:SetDesiredCapacity");
      // assert
      expect(ecs).toHaveLength(1);
      expect(resourcesOf(ecs[0]!)).toEqual([
        arn(stack, "ecs", "service", "gpu-a/*"),
        arn(stack, "ecs", "service", "gpu-b/*"),
      ]);
      // Naming a cluster narrows the tag guard, it never replaces it: untagged services stay out of reach.
      expect(ecs[0]?.Condition).toEqual({ StringEquals: { "aws:ResourceTag/driftless:managed": "true" } });
      expect(asg).toHaveLength(1);
      expect(asg[0]?.Resource).toEqual(
        arn(stack, "autoscaling", "autoScalingGroup", "*:autoScalingGroupName/gpu-asg", true),
      );
      expect(asg[0]?.Condition).toBeUndefined();
    }
  });

  it("lets the evaluating functions read container instances of the clusters and protect instances of the groups only", () => {
    // arrange: the default scope (by tag) and a named one
    const { stack: namedStack } = autoscalerStack({
      clusterNames: ["gpu-a", "gpu-b"],
      autoScalingGroupNames: ["gpu-asg"],
    });
    const scopes = [
      { stack: defaults.stack, template, clusters: ["*"], group: "*", tagged: true },
      {
        stack: namedStack,
        template: Template.fromStack(namedStack),
        clusters: ["gpu-a", "gpu-b"],
        group: "gpu-asg",
        tagged: false,
      },
    ];
    for (const { stack, template: t, clusters, group, tagged } of scopes)
      for (const role of ["AutoscalerTickRole", "AutoscalerAlarmRole"]) {
        // act
        const statements = roleStatements(t, role);
        const list = allowing(statements, "ecs:ListContainerInstances");
        const describe = allowing(statements, "ecs:DescribeContainerInstances");
        const protect = allowing(statements, "autoscaling:SetInstanceProtection");
        // assert: exactly these actions, each on its resource type only
        expect(list).toHaveLength(1);
        expect(actionsOf(list[0]!)).toEqual(["ecs:ListContainerInstances"]);
        expect(resourcesOf(list[0]!)).toEqual(clusters.map((c) => arn(stack, "ecs", "cluster", c)));
        expect(describe).toHaveLength(1);
        expect(actionsOf(describe[0]!)).toEqual(["ecs:DescribeContainerInstances"]);
        expect(resourcesOf(describe[0]!)).toEqual(
          clusters.map((c) => arn(stack, "ecs", "container-instance", `${c}/*`)),
        );
        // Scale-in protection goes with SetDesiredCapacity: the same groups, the same tag guard.
        expect(protect).toHaveLength(1);
        expect(actionsOf(protect[0]!).sort()).toEqual([
          "autoscaling:SetDesiredCapacity",
          "autoscaling:SetInstanceProtection",
        ]);
        expect(protect[0]?.Resource).toEqual(
          arn(stack, "autoscaling", "autoScalingGroup", `*:autoScalingGroupName/${group}`, true),
        );
        expect(protect[0]?.Condition !== undefined).toBe(tagged);
      }
  });

  it("lets the evaluating functions list and describe the tasks being stopped in the clusters only", () => {
    // arrange: the default scope (any cluster) and named clusters
    const { stack: namedStack } = autoscalerStack({ clusterNames: ["gpu-a", "gpu-b"] });
    const scopes = [
      { stack: defaults.stack, template, clusters: ["*"] },
      { stack: namedStack, template: Template.fromStack(namedStack), clusters: ["gpu-a", "gpu-b"] },
    ];
    for (const { stack, template: t, clusters } of scopes)
      for (const role of ["AutoscalerTickRole", "AutoscalerAlarmRole"]) {
        // act
        const statements = roleStatements(t, role);
        const list = allowing(statements, "ecs:ListTasks");
        const describe = allowing(statements, "ecs:DescribeTasks");
        // assert: a cluster-wide ListTasks is authorized against "*", so the ecs:cluster condition scopes it
        expect(list).toHaveLength(1);
        expect(actionsOf(list[0]!)).toEqual(["ecs:ListTasks"]);
        expect(resourcesOf(list[0]!)).toEqual(["*"]);
        const scoped = clusters.map((c) => arn(stack, "ecs", "cluster", c));
        expect(list[0]?.Condition).toEqual({
          ArnLike: { "ecs:cluster": scoped },
        });
        expect(describe).toHaveLength(1);
        expect(actionsOf(describe[0]!)).toEqual(["ecs:DescribeTasks"]);
        expect(resourcesOf(describe[0]!)).toEqual(clusters.map((c) => arn(stack, "ecs", "task", `${c}/*`)));
      }
  });

  it('uses resource "*" only for the read APIs that accept nothing narrower, and ListTasks under ecs:cluster', () => {
    const star = allStatements(template).filter(
      ({ statement }) => statement.Effect === "Allow" && resourcesOf(statement).includes("*"),
    );
    const actions = star
      .filter(({ resource }) => !resource.includes("AWS::KMS::Key"))
      .flatMap(({ statement }) => actionsOf(statement));
    expect([...new Set(actions)].sort()).toEqual([
      "application-autoscaling:DescribeScalableTargets",
      "application-autoscaling:DescribeScalingPolicies",
      "application-autoscaling:DescribeScheduledActions",
      "autoscaling:DescribeAutoScalingGroups",
      "autoscaling:DescribeWarmPool",
      "cloudwatch:DescribeAlarms",
      "cloudwatch:GetMetricData",
      "dynamodb:ListStreams",
      // Only under the ecs:cluster condition (the test above).
      "ecs:ListTasks",
    ]);
  });

  it("lets only policy-sync write alarms, and only under the driftless prefix", () => {
    const stack = defaults.stack;
    const alarmWrites = ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"];
    const [sync] = allowing(
      roleStatements(template, "AutoscalerPolicySyncRole"),
      "cloudwatch:PutMetricAlarm",
    );
    expect(sync?.Resource).toEqual(arn(stack, "cloudwatch", "alarm", "driftless-*", true));
    expect(actionsOf(sync!).sort()).toEqual(["cloudwatch:DeleteAlarms", "cloudwatch:PutMetricAlarm"]);
    // A prefix listing is authorized against alarm:*, so a prefix-scoped DescribeAlarms would be denied.
    const [list] = allowing(
      roleStatements(template, "AutoscalerPolicySyncRole"),
      "cloudwatch:DescribeAlarms",
    );
    expect(list?.Resource).toBe("*");
    for (const role of ["AutoscalerTickRole", "AutoscalerAlarmRole"]) {
      const actions = roleStatements(template, role).flatMap(actionsOf);
      expect(actions.filter((a) => alarmWrites.includes(a))).toEqual([]);
    }
  });

  it("grants each function only the table access it needs", () => {
    const writes = [
      "dynamodb:PutItem",
      "dynamodb:UpdateItem",
      "dynamodb:DeleteItem",
      "dynamodb:BatchWriteItem",
    ];
    const onTable = (role: string, table: string) =>
      roleStatements(template, role)
        .filter((s) => JSON.stringify(s.Resource ?? "").includes(table))
        .flatMap(actionsOf);
    for (const role of ["AutoscalerTickRole", "AutoscalerAlarmRole", "AutoscalerPolicySyncRole"]) {
      // Nobody but operators writes policies.
      expect(onTable(role, "PoliciesTable").filter((a) => writes.includes(a))).toEqual([]);
      expect(onTable(role, "StateTable")).toEqual(
        expect.arrayContaining(["dynamodb:GetItem", "dynamodb:PutItem"]),
      );
    }
    for (const role of ["AutoscalerTickRole", "AutoscalerAlarmRole"]) {
      expect(onTable(role, "HistoryTable")).toEqual(expect.arrayContaining(["dynamodb:BatchWriteItem"]));
      expect(onTable(role, "HistoryTable")).not.toContain("dynamodb:Query");
    }
    expect(onTable("AutoscalerPolicySyncRole", "HistoryTable")).toEqual([]);
    expect(onTable("AutoscalerPolicySyncRole", "PoliciesTable")).toEqual(
      expect.arrayContaining(["dynamodb:GetRecords", "dynamodb:GetShardIterator"]),
    );
  });
});

describe("GpuAutoscaler monitoring", () => {
  it("alarms on errors and throttles of each function, invalid policies, stale metrics and lateness", () => {
    const alarms = Object.values(template.findResources("AWS::CloudWatch::Alarm"));
    const lambdaMetrics = alarms
      .filter((a) => a.Properties.Namespace === "AWS/Lambda")
      .map((a) => a.Properties.MetricName);
    expect(lambdaMetrics.filter((m) => m === "Errors")).toHaveLength(3);
    expect(lambdaMetrics.filter((m) => m === "Throttles")).toHaveLength(3);
    const expressions = alarms.flatMap((a) =>
      ((a.Properties.Metrics as { Expression?: string }[] | undefined) ?? []).map((m) => m.Expression ?? ""),
    );
    for (const metric of [METRIC.invalidPolicies, METRIC.metricAge, METRIC.lateness]) {
      expect(expressions.some((e) => e.includes(`"${metric}"`) && e.includes(`"${METRICS_NAMESPACE}"`))).toBe(
        true,
      );
    }
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp(METRIC.lateness) })],
      Threshold: 30_000,
      ComparisonOperator: "GreaterThanThreshold",
    });
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Metrics: [Match.objectLike({ Expression: Match.stringLikeRegexp(METRIC.metricAge) })],
      Threshold: 300,
    });
  });

  it("notifies the encrypted, TLS-only alert topic on every health alarm", () => {
    const topicId = Object.keys(template.findResources("AWS::SNS::Topic"))[0];
    for (const alarm of Object.values(template.findResources("AWS::CloudWatch::Alarm"))) {
      expect(alarm.Properties.AlarmActions).toEqual([{ Ref: topicId }]);
    }
    template.hasResourceProperties("AWS::SNS::Topic", { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } }),
        ]),
      },
    });
    template.hasResourceProperties("AWS::KMS::Key", { EnableKeyRotation: true });
  });

  it("lets CloudWatch alarms of this account, and only those, publish to the topic and use its key", () => {
    const stack = defaults.stack;
    const fromOwnAlarms = {
      StringEquals: { "aws:SourceAccount": stack.resolve(stack.account) },
      ArnLike: { "aws:SourceArn": arn(stack, "cloudwatch", "alarm", "*", true) },
    };
    const topicId = Object.keys(template.findResources("AWS::SNS::Topic"))[0];
    template.hasResourceProperties("AWS::SNS::TopicPolicy", {
      PolicyDocument: {
        Statement: Match.arrayWith([
          {
            Sid: "CloudWatchAlarmsPublish",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: "sns:Publish",
            Resource: { Ref: topicId },
            Condition: fromOwnAlarms,
          },
        ]),
      },
    });
    template.hasResourceProperties("AWS::KMS::Key", {
      KeyPolicy: {
        Statement: Match.arrayWith([
          {
            Sid: "CloudWatchAlarmsUseKey",
            Effect: "Allow",
            Principal: { Service: "cloudwatch.amazonaws.com" },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: fromOwnAlarms,
          },
        ]),
      },
    });
    // No unconditioned grant to CloudWatch is left on the key.
    const unconditioned = allStatements(template).filter(
      ({ statement }) =>
        JSON.stringify(statement.Principal ?? "").includes("cloudwatch.amazonaws.com") &&
        statement.Condition === undefined,
    );
    expect(unconditioned).toEqual([]);
  });

  it("names no health alarm with the driftless prefix, so its own alarms never reach the alarm function", () => {
    expect(() => autoscalerStack({}, "driftless-prod")).toThrow(/starts with alarmPrefix/);
    expect(() => autoscalerStack({ alarmPrefix: "scale-" }, "driftless-prod")).not.toThrow();
  });

  it("alarms when policy-sync falls minutes behind the policies stream (its IteratorAge)", () => {
    const syncId = Object.entries(template.findResources("AWS::Lambda::Function")).find(([, f]) =>
      String(f.Properties.Description).includes("validates edited policies"),
    )?.[0];
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "IteratorAge",
      Statistic: "Maximum",
      Dimensions: [{ Name: "FunctionName", Value: { Ref: syncId } }],
      Threshold: 300_000,
      ComparisonOperator: "GreaterThanThreshold",
    });
  });

  it("alarms when tick rounds take over 80% of the evaluation interval", () => {
    const slowRounds = (t: Template) =>
      Object.values(t.findResources("AWS::CloudWatch::Alarm")).filter((a) =>
        JSON.stringify(a.Properties.Metrics ?? "").includes(METRIC.roundDuration),
      );
    const [alarm] = slowRounds(template);
    expect(alarm?.Properties.Threshold).toBe(8_000);
    expect(alarm?.Properties.Metrics[0].Expression).toBe(
      `SELECT MAX("${METRIC.roundDuration}") FROM SCHEMA("${METRICS_NAMESPACE}", Function, service) WHERE Function = 'tick'`,
    );
    const [faster] = slowRounds(Template.fromStack(autoscalerStack({ evaluationIntervalS: 5 }).stack));
    expect(faster?.Properties.Threshold).toBe(4_000);
  });

  it("alarms on a tick whose every round failed, through the tick function's Errors", () => {
    template.hasResourceProperties("AWS::CloudWatch::Alarm", {
      Namespace: "AWS/Lambda",
      MetricName: "Errors",
      AlarmDescription: Match.stringLikeRegexp("every evaluation round of a tick failed"),
      Threshold: 1,
    });
  });

  it("draws a row per dashboard target", () => {
    const { stack } = autoscalerStack({ dashboardTargets: ["llm-a", "llm-b"] });
    const body = JSON.stringify(
      stack.resolve(Object.values(Template.fromStack(stack).findResources("AWS::CloudWatch::Dashboard"))[0]),
    );
    for (const target of ["llm-a", "llm-b"]) {
      for (const title of ["load (ongoing requests)", "replicas", "decision lateness (ms)"]) {
        expect(body).toContain(`${target}: ${title}`);
      }
    }
  });
});

describe("GpuAutoscaler.grantPolicyEditor", () => {
  const names = { policies: "p-policies", state: "p-state", history: "p-history" };
  const { stack, autoscaler } = autoscalerStack({ tableNames: names });
  const editor = new iam.Role(stack, "Editor", { assumedBy: new iam.AccountRootPrincipal() });
  autoscaler.grantPolicyEditor(editor);
  const json = Template.fromStack(stack).toJSON() as Parameters<typeof roleGrants>[0];
  const grants = roleGrants(bindTemplate(json, namedTableBindings(json)));
  const editorRole = rolesOf(json).find((r) => r.startsWith("Editor"))!;
  const table = (name: string) => `arn:aws:dynamodb:us-east-1:123456789012:table/${name}`;
  const may = (action: string, resource: string) =>
    mayBeAllowed(grants, editorRole, { action, resource, resourceTags: { "driftless:managed": "true" } });

  it("lets the editor read and write policy items", () => {
    for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan"]) {
      expect(
        isAllowed(grants, editorRole, { action, resource: table(names.policies), resourceTags: {} }),
      ).toBe(true);
    }
  });

  it("grants nothing on the state and history tables or on services, groups and alarms", () => {
    for (const name of [names.state, names.history]) {
      for (const action of ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem"]) {
        expect(may(action, table(name)), `${action} ${name}`).toBe(false);
      }
    }
    expect(may("ecs:UpdateService", "arn:aws:ecs:us-east-1:123456789012:service/c/s")).toBe(false);
    expect(may("autoscaling:SetDesiredCapacity", "*")).toBe(false);
    expect(may("cloudwatch:PutMetricAlarm", "*")).toBe(false);
  });
});

describe("GpuAutoscaler props validation", () => {
  it.each([
    [{ alarmPrefix: "bad*" }, /alarmPrefix/],
    [{ clusterNames: ["arn:aws:ecs:us-east-1:1:cluster/x"] }, /clusterNames/],
    [{ tickTimeout: Duration.seconds(50) }, /tickTimeout/],
    [{ alarmTimeout: Duration.minutes(20) }, /alarmTimeout/],
    [{ alarmReservedConcurrency: 0 }, /alarmReservedConcurrency/],
    [{ memorySizeMb: 64 }, /memorySizeMb/],
    [{ shards: 0 }, /DRIFTLESS_SHARDS/],
    [{ evaluationIntervalS: 90 }, /DRIFTLESS_EVALUATION_INTERVAL_S/],
  ])("refuses %j", (props, message) => {
    expect(() => autoscalerStack(props)).toThrow(message);
  });

  it("reserves the alarm function's concurrency when asked", () => {
    const t = Template.fromStack(autoscalerStack({ alarmReservedConcurrency: 20 }).stack);
    t.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("alarm"),
      ReservedConcurrentExecutions: 20,
    });
  });

  it("refuses a reservation Lambda could not grant, saying that 10 executions stay unreserved", () => {
    expect(() => autoscalerStack({ alarmReservedConcurrency: 995 })).toThrow(
      /alarmReservedConcurrency 995 must be an integer in 1\.\.990[\s\S]*at least 10 executions[\s\S]*unreserved/,
    );
  });

  it('reserves no concurrency with alarmReservedConcurrency "none"', () => {
    const t = Template.fromStack(autoscalerStack({ alarmReservedConcurrency: "none" }).stack);
    for (const fn of Object.values(t.findResources("AWS::Lambda::Function"))) {
      expect(fn.Properties.ReservedConcurrentExecutions).toBeUndefined();
    }
  });
});
