import type { EngineDeps } from "./EngineDeps";
import type { ScaleInProtection } from "./planScaleIn";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { ServiceCounts } from "./ports/ServiceScaler";
import type { ScalingAction } from "./ports/TargetState";

/**
 * Carries out an action, calling only what differs from what was read: instances up before tasks, tasks,
 * then instances down, after the planned scale-in protection (busy instances protected first, then idle ones
 * unprotected, so the group's scale-in takes idle ones). Returns the calls made (`asg:<group>=<n>`,
 * `ecs:<service>=<n>`, `asg-protect:<group>=<ids>`, `asg-unprotect:<group>=<ids>`) in `done`, also when a
 * later call throws.
 */
export async function applyAction(args: {
  readonly deps: Pick<EngineDeps, "services" | "capacity">;
  readonly cluster: string;
  readonly service: string;
  readonly groupName: string | undefined;
  readonly action: ScalingAction;
  readonly counts: ServiceCounts;
  readonly group: GroupCapacity | undefined;
  /** What to change before lowering the group (null: nothing). */
  readonly protection: ScaleInProtection | null;
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
    await protectBusy({ deps, groupName: asg, protection: args.protection, done });
    await deps.capacity.setDesired(asg, instances);
    done.push(`asg:${asg}=${instances}`);
  }
}

/** The protection changes, busy instances first: a failure before the lowering leaves the group as it was. */
async function protectBusy(args: {
  readonly deps: Pick<EngineDeps, "capacity">;
  readonly groupName: string;
  readonly protection: ScaleInProtection | null;
  readonly done: string[];
}): Promise<void> {
  const { deps, groupName, protection, done } = args;
  if (protection === null) return;
  for (const [ids, protect] of [
    [protection.protect, true],
    [protection.unprotect, false],
  ] as const) {
    if (ids.length === 0) continue;
    await deps.capacity.setScaleInProtection({ groupName, instanceIds: ids, protect });
    done.push(`asg-${protect ? "protect" : "unprotect"}:${groupName}=${ids.join(",")}`);
  }
}
