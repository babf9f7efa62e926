import type { AutoScalingGroup, DescribeWarmPoolAnswer } from "@aws-sdk/client-auto-scaling";
import type { WarmPoolCapacity } from "../engine/ports/CapacityScaler";

/** Instances per DescribeWarmPool page: the API's maximum. */
export const DESCRIBE_WARM_POOL_MAX_RECORDS = 50;

/**
 * The groups to call DescribeWarmPool for: those whose DescribeAutoScalingGroups entry has a
 * WarmPoolConfiguration (AWS reports it only for a group with a warm pool), so a group without one
 * costs no extra call.
 */
export function groupsWithWarmPool(groups: readonly AutoScalingGroup[]): string[] {
  const names: string[] = [];
  for (const group of groups)
    if (group.AutoScalingGroupName !== undefined && group.WarmPoolConfiguration !== undefined)
      names.push(group.AutoScalingGroupName);
  return names;
}

/**
 * A warm pool from its DescribeWarmPool pages: the pool's state and reuse policy (from the first page's
 * WarmPoolConfiguration; `Stopped` when unreported, the API's default) and its instances counted by
 * lifecycle state. Instances terminating out of the pool count nowhere.
 */
export function parseWarmPool(pages: readonly DescribeWarmPoolAnswer[]): WarmPoolCapacity {
  const configuration = pages[0]?.WarmPoolConfiguration;
  const counts = { stopped: 0, running: 0, hibernated: 0, preparing: 0 };
  for (const page of pages)
    for (const instance of page.Instances ?? []) {
      const state = instance.LifecycleState ?? "";
      if (state === "Warmed:Stopped") counts.stopped++;
      else if (state === "Warmed:Running") counts.running++;
      else if (state === "Warmed:Hibernated") counts.hibernated++;
      else if (state.startsWith("Warmed:Pending")) counts.preparing++;
    }
  return {
    poolState: configuration?.PoolState ?? "Stopped",
    ...counts,
    reuseOnScaleIn: configuration?.InstanceReusePolicy?.ReuseOnScaleIn === true,
  };
}
