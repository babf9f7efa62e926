import type { EngineDeps } from "./EngineDeps";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { ServiceCounts } from "./ports/ServiceScaler";
import type { ScalingAction } from "./ports/TargetState";

/**
 * Carries out an action, calling only what differs from what was read: instances up before tasks, tasks,
 * then instances down. Returns the calls made (`asg:<group>=<n>`, `ecs:<service>=<n>`) in `done`, also
 * when a later call throws.
 */
export async function applyAction(args: {
  readonly deps: Pick<EngineDeps, "services" | "capacity">;
  readonly cluster: string;
  readonly service: string;
  readonly groupName: string | undefined;
  readonly action: ScalingAction;
  readonly counts: ServiceCounts;
  readonly group: GroupCapacity | undefined;
  readonly done: string[];
}): Promise<void> {
  const { deps, groupName: asg, action, group, done } = args;
  const instances = action.desiredInstances;
  if (asg && group && instances !== null && instances > group.desired) {
    await deps.capacity.setDesired(asg, instances);
    done.push(`asg:${asg}=${instances}`);
  }
  if (args.counts.desired !== action.desiredReplicas) {
    await deps.services.setDesired(args.cluster, args.service, action.desiredReplicas);
    done.push(`ecs:${args.service}=${action.desiredReplicas}`);
  }
  if (asg && group && instances !== null && instances < group.desired) {
    await deps.capacity.setDesired(asg, instances);
    done.push(`asg:${asg}=${instances}`);
  }
}
