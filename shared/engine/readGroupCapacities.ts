import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { EngineDeps } from "./EngineDeps";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { RunnableTarget } from "./TargetSnapshot";

/**
 * The Auto Scaling group a policy may set itself (capacity mode `direct`, or `auto` with a group named:
 * whether `auto` sets it is the ownership verdict's), if any.
 */
export function managedGroupOf(policy: ResolvedPolicy): string | undefined {
  const cap = policy.target?.capacity;
  return cap !== undefined && cap.mode !== "managed" && cap.auto_scaling_group
    ? cap.auto_scaling_group
    : undefined;
}

/**
 * The capacity of every group the targets manage, in one describe. When it fails, direct-mode targets
 * still scale their tasks (each gets the error reported); their instances wait.
 */
export async function readGroupCapacities(
  deps: Pick<EngineDeps, "capacity" | "observer">,
  targets: readonly RunnableTarget[],
): Promise<Map<string, GroupCapacity>> {
  // A loop, no array per target: most targets name no group.
  const unique = new Set<string>();
  for (const t of targets) {
    const group = managedGroupOf(t.policy);
    if (group !== undefined) unique.add(group);
  }
  if (unique.size === 0) return new Map();
  const names = [...unique];
  try {
    return await deps.capacity.describe(names);
  } catch (error) {
    for (const t of targets)
      if (managedGroupOf(t.policy) !== undefined) deps.observer.targetError(t.record.targetId, error);
    return new Map();
  }
}
