import type { AutoScalingGroup, Instance } from "@aws-sdk/client-auto-scaling";
import type { GroupCapacity, GroupInstance, WarmPoolCapacity } from "../engine/ports/CapacityScaler";

/**
 * The capacity of each described group, keyed by group name: min, max and desired as reported (missing: 0)
 * and `inService` = instances whose LifecycleState is `InService` (not Pending, Terminating, Standby, ...),
 * with the group's warm pool from `warmPools` when it has one (warm instances are not the group's), and its
 * instances (id, lifecycle state, scale-in protection; one without an id is left out).
 */
export function parseGroupCapacities(
  groups: readonly AutoScalingGroup[],
  warmPools: ReadonlyMap<string, WarmPoolCapacity> = new Map(),
): Map<string, GroupCapacity> {
  const capacities = new Map<string, GroupCapacity>();
  for (const group of groups) {
    if (group.AutoScalingGroupName === undefined) continue;
    const warmPool = warmPools.get(group.AutoScalingGroupName);
    capacities.set(group.AutoScalingGroupName, {
      min: group.MinSize ?? 0,
      max: group.MaxSize ?? 0,
      desired: group.DesiredCapacity ?? 0,
      inService: (group.Instances ?? []).filter((instance) => instance.LifecycleState === "InService").length,
      instances: groupInstances(group.Instances ?? []),
      ...(warmPool === undefined ? {} : { warmPool }),
    });
  }
  return capacities;
}

function groupInstances(instances: readonly Instance[]): GroupInstance[] {
  const out: GroupInstance[] = [];
  for (const instance of instances)
    if (instance.InstanceId)
      out.push({
        instanceId: instance.InstanceId,
        lifecycleState: instance.LifecycleState ?? "",
        protectedFromScaleIn: instance.ProtectedFromScaleIn === true,
      });
  return out;
}
