import type { DescribeServicesCommandInput } from "@aws-sdk/client-ecs";
import { chunk } from "./chunk";

/** ECS's limit of services per DescribeServices call (moto accepts more; AWS does not). */
export const DESCRIBE_SERVICES_MAX = 10;

/** The DescribeServices inputs for these services (names or ARNs) of one cluster: duplicates once, 10 per call. */
export function buildDescribeServicesInputs(
  cluster: string,
  services: readonly string[],
): DescribeServicesCommandInput[] {
  return chunk([...new Set(services)], DESCRIBE_SERVICES_MAX).map((batch) => ({ cluster, services: batch }));
}
