import { instancesNeeded } from "./instancesNeeded";
import type { GroupCapacity } from "./ports/CapacityScaler";

/** One target whose tasks run on an Auto Scaling group driftless sets (capacity mode `direct`). */
export interface GroupMemberTasks {
  readonly targetId: string;
  readonly gpusPerTask: number;
  readonly gpusPerInstance: number;
  readonly spareInstances: number;
  /** The tasks the member's service has once this round acts: its decision, else the count that stays. */
  readonly desired: number;
  /** Its tasks still present (running and pending), which instances must not be taken from. */
  readonly present: number;
  /** Whether this round evaluates the member and may act for it (it may then set the group). */
  readonly mayAct: boolean;
}

/** One Auto Scaling group's plan for a round: its desired capacity and who sets it, or why it is left. */
export interface GroupPlan {
  readonly group: string;
  /** The group's desired capacity for all its members' tasks; null when the group is not set. */
  readonly instances: number | null;
  /** The one member that sets the group this round (null: none may). */
  readonly controller: string | null;
  readonly members: readonly GroupMemberTasks[];
  /** What the reasons say: the members' sum and the instances, or why the group is left. */
  readonly text: string;
}

/**
 * The plan of one group in capacity mode `direct`, pure: the instances the SUM of its members' tasks needs
 * (each member's GPUs per task, tasks packed whole; spare instances once per group, the largest any member
 * asks; within the group's min and max and the deploy-time GPU ceiling). Instances rise only for the tasks
 * decided and fall only once the tasks still present are gone. One member sets it: the first, by target id,
 * that this round may act for. `blocked` (a member whose tasks are unknown) leaves the group as it is.
 */
export function planGroupCapacity(args: {
  readonly group: string;
  readonly capacity: GroupCapacity | undefined;
  readonly members: readonly GroupMemberTasks[];
  readonly maxGpus: number | undefined;
  readonly blocked: string | null;
}): GroupPlan {
  const { group, capacity, members } = args;
  const sorted = [...members].sort((a, b) =>
    a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0,
  );
  const sum = sorted.reduce((n, m) => n + m.desired, 0);
  const shares = sorted.map((m) => `${m.targetId} ${m.desired}`).join(" + ");
  const left = (why: string): GroupPlan => ({
    group,
    instances: null,
    controller: null,
    members: sorted,
    text: `Auto Scaling group ${group} not set: ${why}`,
  });
  if (args.blocked !== null) return left(args.blocked);
  if (capacity === undefined) return left("the group was not read");
  const controller = sorted.find((m) => m.mayAct)?.targetId ?? null;
  if (controller === null) return left(`no target on it may act this round (tasks ${shares})`);
  const gpusPerInstance = sorted[0]!.gpusPerInstance;
  const need = (tasks: (m: GroupMemberTasks) => number) =>
    instancesNeeded({
      tasks: sorted.map((m) => ({ count: tasks(m), gpusPerTask: m.gpusPerTask })),
      gpusPerInstance,
      spare: Math.max(0, ...sorted.map((m) => m.spareInstances)),
      groupMin: capacity.min,
      groupMax: capacity.max,
      maxInstances:
        args.maxGpus === undefined ? Number.POSITIVE_INFINITY : Math.floor(args.maxGpus / gpusPerInstance),
    });
  const up = need((m) => m.desired);
  const keep = need((m) => Math.max(m.desired, m.present));
  const instances = Math.min(keep, Math.max(up, capacity.desired));
  const present = sorted.reduce((n, m) => n + Math.max(m.desired, m.present), 0);
  const kept = instances > up && present > sum ? `, kept for the ${present} tasks still present` : "";
  const atMax = instances === capacity.max && keep === capacity.max ? ` (the group's max)` : "";
  return {
    group,
    instances,
    controller,
    members: sorted,
    text: `Auto Scaling group ${group} shared: ${instances} instances${atMax} for ${sum} tasks (${shares})${kept}, set by ${controller}`,
  };
}
