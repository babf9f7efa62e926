import type {
  CapacityProvider,
  Cluster,
  DescribeCapacityProvidersCommandInput,
  DescribeClustersCommandInput,
} from "@aws-sdk/client-ecs";
import type { ProviderScaling } from "../engine/ports/OtherControllers";
import { chunk } from "./chunk";

/** ECS's limit of capacity providers per DescribeCapacityProviders call, and of clusters per DescribeClusters. */
export const DESCRIBE_CAPACITY_PROVIDERS_MAX = 100;

/** The DescribeCapacityProviders inputs for these provider names (or ARNs): duplicates once, 100 per call. */
export function buildDescribeCapacityProvidersInputs(
  names: readonly string[],
): DescribeCapacityProvidersCommandInput[] {
  return chunk([...new Set(names)], DESCRIBE_CAPACITY_PROVIDERS_MAX).map((batch) => ({
    capacityProviders: batch,
  }));
}

/** The DescribeClusters inputs that read these clusters' capacity providers: 100 clusters per call. */
export function buildDescribeClustersInputs(clusters: readonly string[]): DescribeClustersCommandInput[] {
  return chunk([...new Set(clusters)], DESCRIBE_CAPACITY_PROVIDERS_MAX).map((batch) => ({ clusters: batch }));
}

/** The capacity provider names the clusters use, pure. */
export function parseClusterProviders(clusters: readonly Cluster[]): string[] {
  return [...new Set(clusters.flatMap((c) => c.capacityProviders ?? []))];
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
