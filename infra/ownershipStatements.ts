import { Stack } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import type { IConstruct } from "constructs";

/**
 * The reads the evaluating functions (tick, alarm) need to find other controllers of a service (one
 * controller per service): Application Auto Scaling's scalable targets, policies and scheduled actions,
 * and the managed scaling of ECS capacity providers (named, or found through the clusters). Read-only.
 */
export function ownershipStatements(
  construct: IConstruct,
  clusterNames: readonly string[],
): iam.PolicyStatement[] {
  const stack = Stack.of(construct);
  const clusters = (clusterNames.length > 0 ? clusterNames : ["*"]).map((name) =>
    stack.formatArn({ service: "ecs", resource: "cluster", resourceName: name }),
  );
  return [
    // Application Auto Scaling's Describe* APIs support no resource-level permissions: "*" is the only
    // resource the Service Authorization Reference lists for them.
    new iam.PolicyStatement({
      sid: "ReadApplicationAutoScaling",
      actions: [
        "application-autoscaling:DescribeScalableTargets",
        "application-autoscaling:DescribeScalingPolicies",
        "application-autoscaling:DescribeScheduledActions",
      ],
      resources: ["*"],
    }),
    // A policy may name any provider of the account (or only its group, whose provider is found among
    // its cluster's): providers by ARN pattern, clusters as scoped for the services.
    new iam.PolicyStatement({
      sid: "ReadCapacityProviders",
      actions: ["ecs:DescribeCapacityProviders"],
      resources: [stack.formatArn({ service: "ecs", resource: "capacity-provider", resourceName: "*" })],
    }),
    new iam.PolicyStatement({
      sid: "ReadClusterProviders",
      actions: ["ecs:DescribeClusters"],
      resources: clusters,
    }),
  ];
}
