import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import { instancesNeeded } from "./instancesNeeded";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { ServiceCounts } from "./ports/ServiceScaler";

/**
 * The Auto Scaling group's desired capacity for a decision of `desired` tasks (capacity mode `direct`), or
 * null when the target has no group to manage or the group was not read. Instances rise only for the tasks
 * decided, and fall only once the tasks still present (running or pending) are gone; the deploy-time GPU
 * ceiling `maxGpus` bounds spare instances too.
 */
export function planInstances(args: {
  readonly capacity: NonNullable<ResolvedPolicy["target"]>["capacity"];
  readonly group: GroupCapacity | undefined;
  readonly desired: number;
  readonly counts: ServiceCounts;
  readonly maxGpus: number | undefined;
}): number | null {
  const { capacity, group, desired, counts } = args;
  if (!capacity || !group) return null;
  const maxInstances =
    args.maxGpus === undefined
      ? Number.POSITIVE_INFINITY
      : Math.floor(args.maxGpus / capacity.gpus_per_instance);
  const need = (replicas: number) =>
    instancesNeeded(
      replicas,
      capacity.gpus_per_task,
      capacity.gpus_per_instance,
      capacity.spare_instances,
      group.min,
      group.max,
      maxInstances,
    );
  const up = need(desired);
  const keep = need(Math.max(desired, counts.running + counts.pending));
  return Math.min(keep, Math.max(up, group.desired));
}
