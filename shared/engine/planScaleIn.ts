import type { GroupCapacity, GroupInstance } from "./ports/CapacityScaler";
import type { HostedAnswer } from "./readHostedTasks";

/** The scale-in protection changes a lowering needs: only the instances whose flag must change. */
export interface ScaleInProtection {
  /** Instances hosting tasks that are not yet protected. */
  readonly protect: readonly string[];
  /** Idle instances still protected (the group could otherwise take only busy ones). */
  readonly unprotect: readonly string[];
}

/** A group's lowering as the busy-instance rule allows it. */
export interface ScaleInPlan {
  /** The desired capacity to set: the planned one, raised to the instances that host tasks, never above the current. */
  readonly instances: number;
  /** What to change before lowering; null when the group is not lowered or nothing must change. */
  readonly protection: ScaleInProtection | null;
  /** Why the group stays above the plan (null: it does not). */
  readonly note: string | null;
}

/** The lifecycle states of the group members a scale-in may choose (Terminating, Standby, Detaching are not). */
function mayBeChosen(instance: GroupInstance): boolean {
  return instance.lifecycleState === "InService" || instance.lifecycleState.startsWith("Pending");
}

/**
 * The busy-instance rule, pure: a group is never lowered below its members that host tasks (running,
 * pending or still stopping, on any container instance status), and before it is lowered the busy members
 * are protected from scale-in and the idle ones unprotected, so the group's scale-in takes only idle
 * instances. When which instances host tasks is unknown (`hosted` failed, or was not read), the group is
 * not lowered. A group whose members were not read (a fake keeping counts) lowers as planned. Raising is
 * never held back.
 */
export function planScaleIn(args: {
  readonly capacity: GroupCapacity;
  readonly planned: number;
  readonly hosted: HostedAnswer | undefined;
}): ScaleInPlan {
  const { capacity, planned, hosted } = args;
  const desired = capacity.desired;
  if (planned >= desired) return { instances: planned, protection: null, note: null };
  if (hosted === undefined || !hosted.ok) {
    const why = hosted === undefined ? "they were not read" : hosted.error;
    return {
      instances: desired,
      protection: null,
      note: `not lowered to ${planned}: which of its instances host tasks is unknown (${why})`,
    };
  }
  if (capacity.instances === undefined) return { instances: planned, protection: null, note: null };
  const protect: string[] = [];
  const unprotect: string[] = [];
  let busy = 0;
  for (const instance of capacity.instances) {
    if (!mayBeChosen(instance)) continue;
    const tasks = hosted.hosts.get(instance.instanceId);
    if (tasks !== undefined && tasks.running + tasks.pending + tasks.stopping > 0) {
      busy++;
      if (!instance.protectedFromScaleIn) protect.push(instance.instanceId);
    } else if (instance.protectedFromScaleIn) unprotect.push(instance.instanceId);
  }
  const instances = Math.min(desired, Math.max(planned, busy));
  const note =
    instances > planned
      ? `kept at ${instances} instances: ${busy} of its instances host tasks (planned ${planned})`
      : null;
  if (instances === desired) return { instances, protection: null, note };
  const changes = protect.length + unprotect.length > 0;
  return { instances, protection: changes ? { protect, unprotect } : null, note };
}
