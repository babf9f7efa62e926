import { ArnFormat, Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";
import { MANAGED_TAG } from "./managedTag";

/**
 * What driftless may scale: services tagged MANAGED_TAG (in the named clusters, or in any cluster when
 * none is named), and the named groups or (when none is named) groups tagged MANAGED_TAG; the container
 * instances and tasks of the named clusters (any cluster when none is named) it may read.
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
 * Scaling groups only in `scope`, the read APIs that accept no narrower resource than "*", and a cluster-wide
 * ListTasks on "*" under the ecs:cluster condition.
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
  const clusterNames = scope.clusterNames.length > 0 ? scope.clusterNames : ["*"];
  const clusters = clusterNames.map((cluster) =>
    stack.formatArn({ service: "ecs", resource: "cluster", resourceName: cluster }),
  );
  const containerInstances = clusterNames.map((cluster) =>
    stack.formatArn({ service: "ecs", resource: "container-instance", resourceName: `${cluster}/*` }),
  );
  const tasks = clusterNames.map((cluster) =>
    stack.formatArn({ service: "ecs", resource: "task", resourceName: `${cluster}/*` }),
  );
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
    // Which instances of a group host tasks (capacity mode direct lowers a group only past idle ones):
    // ListContainerInstances is authorized on the cluster, DescribeContainerInstances on the container
    // instances (container-instance/CLUSTER/ID). Container instances carry no driftless tag: the clusters scope them.
    new iam.PolicyStatement({
      sid: "ListContainerInstances",
      actions: ["ecs:ListContainerInstances"],
      resources: clusters,
    }),
    new iam.PolicyStatement({
      sid: "DescribeContainerInstances",
      actions: ["ecs:DescribeContainerInstances"],
      resources: containerInstances,
    }),
    // The tasks ECS is stopping (desired status STOPPED, still draining) are in no container instance's
    // counts, so they are read apart. A cluster-wide ListTasks is authorized against "*" (its only resource
    // type, container-instance, applies only when one instance is named), so the ecs:cluster condition
    // scopes it to the clusters; DescribeTasks is authorized on the tasks (task/CLUSTER/ID, the long ARN format).
    new iam.PolicyStatement({
      sid: "ListStoppingTasks",
      actions: ["ecs:ListTasks"],
      resources: ["*"],
      conditions: { ArnLike: { "ecs:cluster": clusters } },
    }),
    new iam.PolicyStatement({
      sid: "DescribeStoppingTasks",
      actions: ["ecs:DescribeTasks"],
      resources: tasks,
    }),
    new iam.PolicyStatement({
      sid: "ScaleGpuGroups",
      // SetInstanceProtection: busy instances are protected from the group's scale-in before it is lowered.
      actions: ["autoscaling:SetDesiredCapacity", "autoscaling:SetInstanceProtection"],
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
