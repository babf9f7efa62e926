import type { CapacityProvider, DescribeCapacityProvidersCommandInput } from "@aws-sdk/client-ecs";
import type { ProviderScaling } from "../engine/ports/OtherControllers";
import { chunk } from "./chunk";

/** ECS's limit of capacity providers per DescribeCapacityProviders call naming them. */
export const DESCRIBE_CAPACITY_PROVIDERS_MAX = 100;

/** The DescribeCapacityProviders inputs for these provider names (or ARNs): duplicates once, 100 per call. */
export function buildDescribeCapacityProvidersInputs(
  names: readonly string[],
): DescribeCapacityProvidersCommandInput[] {
  return chunk([...new Set(names)], DESCRIBE_CAPACITY_PROVIDERS_MAX).map((batch) => ({
    capacityProviders: batch,
  }));
}

/** One page of every capacity provider of the account (ECS returns at most 10 a page). */
export function buildListCapacityProvidersInput(nextToken?: string): DescribeCapacityProvidersCommandInput {
  return nextToken === undefined ? {} : { nextToken };
}

/**
 * Each Auto Scaling group provider's managed scaling and group name (the last part of its group ARN,
 * `...:autoScalingGroupName/NAME`), pure; Fargate providers (no group) are left out.
 */
export function parseProviderScaling(providers: readonly CapacityProvider[]): ProviderScaling[] {
  return providers.flatMap((p) => {
    const asg = p.autoScalingGroupProvider;
    if (p.name === undefined || asg === undefined) return [];
    const arn = asg.autoScalingGroupArn ?? "";
    const group = arn.includes("autoScalingGroupName/")
      ? arn.split("autoScalingGroupName/").pop()
      : undefined;
    return [{ provider: p.name, group, managedScaling: asg.managedScaling?.status === "ENABLED" }];
  });
}
