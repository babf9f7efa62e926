import type {
  ScalableTarget,
  ScalingPolicy,
  ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import type { ApplicationScaling } from "../engine/ports/OtherControllers";
import { ECS_DESIRED_COUNT } from "./buildApplicationAutoScalingInputs";

/**
 * The scalable targets that scale, pure: each registered ECS desired-count target (among `wanted`) with its
 * scaling policies and scheduled actions, kept only when it has at least one (a bare registration
 * scales nothing). Keyed by resource id.
 */
export function parseApplicationScalers(args: {
  readonly wanted: readonly string[];
  readonly targets: readonly ScalableTarget[];
  readonly policies: readonly ScalingPolicy[];
  readonly scheduledActions: readonly ScheduledAction[];
}): Map<string, ApplicationScaling> {
  const wanted = new Set(args.wanted);
  const registered = new Set(
    args.targets
      .filter((t) => t.ScalableDimension === ECS_DESIRED_COUNT && t.ResourceId !== undefined)
      .map((t) => t.ResourceId as string)
      .filter((id) => wanted.has(id)),
  );
  const policies = namesByResource(args.policies, (p) => p.PolicyName, registered);
  const actions = namesByResource(args.scheduledActions, (a) => a.ScheduledActionName, registered);
  const scalers = new Map<string, ApplicationScaling>();
  for (const resourceId of registered) {
    const scalingPolicies = (policies.get(resourceId) ?? []).sort();
    const scheduledActions = (actions.get(resourceId) ?? []).sort();
    if (scalingPolicies.length + scheduledActions.length > 0)
      scalers.set(resourceId, { resourceId, scalingPolicies, scheduledActions });
  }
  return scalers;
}

/** The names of the ECS desired-count items (policies or scheduled actions) of each registered resource. */
function namesByResource<T extends { readonly ResourceId?: string; readonly ScalableDimension?: string }>(
  items: readonly T[],
  nameOf: (item: T) => string | undefined,
  registered: ReadonlySet<string>,
): Map<string, string[]> {
  const names = new Map<string, string[]>();
  for (const item of items) {
    const id = item.ResourceId;
    const name = nameOf(item);
    if (id === undefined || name === undefined || !registered.has(id)) continue;
    if (item.ScalableDimension !== ECS_DESIRED_COUNT) continue;
    names.set(id, [...(names.get(id) ?? []), name]);
  }
  return names;
}
