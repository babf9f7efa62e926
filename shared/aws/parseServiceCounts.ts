import type { Service } from "@aws-sdk/client-ecs";
import type { ServiceCounts } from "../engine/ports/ServiceScaler";

/** Statuses of a service that is being or has been deleted: nothing to scale. */
const GONE_STATUSES: ReadonlySet<string> = new Set(["DRAINING", "INACTIVE"]);

/**
 * The counts of the requested services found in DescribeServices `services`, keyed as requested (by name or
 * by ARN). Services listed in `failures` (MISSING, ...) are simply absent, and so are DRAINING or INACTIVE
 * ones (DescribeServices still returns a deleted service for a while). A missing count reads as 0.
 */
export function parseServiceCounts(
  requested: readonly string[],
  services: readonly Service[],
): Map<string, ServiceCounts> {
  const wanted = new Set(requested);
  const counts = new Map<string, ServiceCounts>();
  for (const service of services) {
    if (service.status !== undefined && GONE_STATUSES.has(service.status)) continue;
    const value: ServiceCounts = {
      desired: service.desiredCount ?? 0,
      running: service.runningCount ?? 0,
      pending: service.pendingCount ?? 0,
    };
    for (const key of [service.serviceName, service.serviceArn]) {
      if (key !== undefined && wanted.has(key)) counts.set(key, value);
    }
  }
  return counts;
}
