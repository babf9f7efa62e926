import * as iam from "aws-cdk-lib/aws-iam";

/**
 * The reads the evaluating functions (tick, alarm) need to find other controllers of a service (one
 * controller per service): Application Auto Scaling's scalable targets, policies and scheduled actions,
 * and ECS capacity providers' managed scaling. Read-only.
 */
export function ownershipStatements(): iam.PolicyStatement[] {
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
    // A policy may name only its group: its provider is then found by listing every provider, a request
    // AWS authorizes against "*" (naming providers is authorized per capacity-provider ARN). Read-only.
    new iam.PolicyStatement({
      sid: "ReadCapacityProviders",
      actions: ["ecs:DescribeCapacityProviders"],
      resources: ["*"],
    }),
  ];
}
