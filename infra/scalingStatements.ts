import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";
import { MANAGED_TAG } from "./managedTag";

/**
 * What driftless may scale: services tagged MANAGED_TAG (in the named clusters, or in any cluster when
 * none is named), and the named groups or (when none is named) groups tagged MANAGED_TAG.
 */
export interface ScalingScope {
  /** ECS cluster names; empty: tagged services in any cluster. Either way only tagged services. */
  readonly clusterNames: readonly string[];
  /** Auto Scaling group names; empty: groups tagged MANAGED_TAG. */
  readonly autoScalingGroupNames: readonly string[];
}

const TAG_CONDITION = { StringEquals: { [`aws:ResourceTag/${MANAGED_TAG.key}`]: MANAGED_TAG.value } };

/**
 * The statements the evaluating functions (tick, alarm) need to measure and act: ECS services and Auto
 * Scaling groups only in `scope`, and the two read APIs that accept no narrower resource than "*".
 * Services always need the tag, also in named clusters (a named cluster narrows, it never widens).
 */
export function scalingStatements(construct: IConstruct, scope: ScalingScope): iam.PolicyStatement[] {
  const stack = Stack.of(construct);
  const services =
    scope.clusterNames.length > 0
      ? scope.clusterNames.map((cluster) =>
          stack.formatArn({ service: "ecs", resource: "service", resourceName: `${cluster}/*` }),
        )
      : [stack.formatArn({ service: "ecs", resource: "service", resourceName: "*" })];
  const groups =
    scope.autoScalingGroupNames.length > 0
      ? scope.autoScalingGroupNames.map((name) => autoScalingGroupArn(stack, name))
      : [autoScalingGroupArn(stack, "*")];
  return [
    new iam.PolicyStatement({
      sid: "ScaleEcsServices",
      actions: ["ecs:DescribeServices", "ecs:UpdateService"],
      resources: services,
      // Also in named clusters: a cluster holds services driftless must not touch, so only the tagged ones.
      conditions: TAG_CONDITION,
    }),
    new iam.PolicyStatement({
      sid: "ScaleGpuGroups",
      actions: ["autoscaling:SetDesiredCapacity"],
      resources: groups,
      ...(scope.autoScalingGroupNames.length > 0 ? {} : { conditions: TAG_CONDITION }),
    }),
    // DescribeAutoScalingGroups, DescribeWarmPool (capacity mode direct reads a group's warm pool) and
    // GetMetricData support no resource-level permissions: the service authorization reference lists no
    // resource type for them, so "*" is the only resource that works.
    new iam.PolicyStatement({
      sid: "ReadGroupsAndMetrics",
      actions: [
        "autoscaling:DescribeAutoScalingGroups",
        "autoscaling:DescribeWarmPool",
        "cloudwatch:GetMetricData",
      ],
      resources: ["*"],
    }),
  ];
}

/**
 * The statements policy-sync needs to keep each target's alarms: writes to alarms under `alarmPrefix`
 * only, and DescribeAlarms on "*": AWS authorizes a listing (`AlarmNamePrefix`) against `alarm:*`, not
 * against the prefix, so a prefix-scoped DescribeAlarms is denied. DescribeAlarms only reads.
 */
export function alarmStatements(construct: IConstruct, alarmPrefix: string): iam.PolicyStatement[] {
  return [
    new iam.PolicyStatement({
      sid: "ManageDriftlessAlarms",
      actions: ["cloudwatch:PutMetricAlarm", "cloudwatch:DeleteAlarms"],
      resources: [alarmArnPattern(construct, alarmPrefix)],
    }),
    new iam.PolicyStatement({
      sid: "ListAlarms",
      actions: ["cloudwatch:DescribeAlarms"],
      resources: ["*"],
    }),
  ];
}

/** arn:PARTITION:cloudwatch:REGION:ACCOUNT:alarm:PREFIX* */
export function alarmArnPattern(construct: IConstruct, alarmPrefix: string): string {
  return Stack.of(construct).formatArn({
    service: "cloudwatch",
    resource: "alarm",
    resourceName: `${alarmPrefix}*`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}

function autoScalingGroupArn(stack: Stack, name: string): string {
  return stack.formatArn({
    service: "autoscaling",
    resource: "autoScalingGroup",
    resourceName: `*:autoScalingGroupName/${name}`,
    arnFormat: ArnFormat.COLON_RESOURCE_NAME,
  });
}
