/** One target's claim on an ECS service: the target scales that service. */
export interface ServiceClaim {
  readonly targetId: string;
  readonly cluster: string;
  readonly service: string;
}

/** The last part of an ECS ARN's resource (`cluster/NAME`, `service/CLUSTER/NAME`), or the name as given. */
function shortName(nameOrArn: string): string {
  if (!nameOrArn.startsWith("arn:")) return nameOrArn;
  const resource = nameOrArn.split(":").slice(5).join(":");
  return resource.split("/").pop() ?? nameOrArn;
}

/**
 * The key two claims on one service share: cluster and service by name, so `gpu` and
 * `arn:aws:ecs:us-east-1:123456789012:cluster/gpu` are one cluster (a target names one account and region).
 */
export function serviceKey(cluster: string, service: string): string {
  return `${shortName(cluster)}/${shortName(service)}`;
}

/** The Application Auto Scaling resource id of an ECS service: `service/<cluster>/<service>`, by name. */
export function scalableResourceId(cluster: string, service: string): string {
  return `service/${serviceKey(cluster, service)}`;
}

/** The claim a stored policy body makes, read leniently (no validation): undefined when it names no service. */
export function claimOfBody(
  targetId: string,
  body: Readonly<Record<string, unknown>>,
): ServiceClaim | undefined {
  const target = body.target as { cluster?: unknown; service?: unknown } | undefined;
  if (typeof target !== "object" || target === null) return undefined;
  const { cluster, service } = target;
  return typeof cluster === "string" && typeof service === "string"
    ? { targetId, cluster, service }
    : undefined;
}
