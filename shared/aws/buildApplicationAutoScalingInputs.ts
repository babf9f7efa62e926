import type {
  DescribeScalableTargetsCommandInput,
  DescribeScalingPoliciesCommandInput,
  DescribeScheduledActionsCommandInput,
} from "@aws-sdk/client-application-auto-scaling";
import { chunk } from "./chunk";

/** The scalable dimension of an ECS service's desired count. */
export const ECS_DESIRED_COUNT = "ecs:service:DesiredCount";

/** Application Auto Scaling's limit of resource ids per DescribeScalableTargets call, and of results per page. */
export const DESCRIBE_SCALABLE_TARGETS_MAX = 50;

/** The DescribeScalableTargets inputs for these resource ids (`service/<cluster>/<service>`): duplicates once, 50 per call. */
export function buildDescribeScalableTargetsInputs(
  resourceIds: readonly string[],
): DescribeScalableTargetsCommandInput[] {
  return chunk([...new Set(resourceIds)], DESCRIBE_SCALABLE_TARGETS_MAX).map((ids) => ({
    ServiceNamespace: "ecs",
    ScalableDimension: ECS_DESIRED_COUNT,
    ResourceIds: ids,
  }));
}

/**
 * One page of every ECS desired-count scaling policy (one listing serves all targets: the API filters by
 * one resource id at most, so asking per target would be one call per target).
 */
export function buildDescribeScalingPoliciesInput(nextToken?: string): DescribeScalingPoliciesCommandInput {
  return {
    ServiceNamespace: "ecs",
    ScalableDimension: ECS_DESIRED_COUNT,
    MaxResults: DESCRIBE_SCALABLE_TARGETS_MAX,
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}

/** One page of every ECS desired-count scheduled action (listed once for all targets, like the policies). */
export function buildDescribeScheduledActionsInput(nextToken?: string): DescribeScheduledActionsCommandInput {
  return {
    ServiceNamespace: "ecs",
    ScalableDimension: ECS_DESIRED_COUNT,
    MaxResults: DESCRIBE_SCALABLE_TARGETS_MAX,
    ...(nextToken === undefined ? {} : { NextToken: nextToken }),
  };
}
