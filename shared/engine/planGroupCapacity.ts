import { instancesNeeded, type TaskShare } from "./instancesNeeded";
import { planScaleIn, type ScaleInProtection } from "./planScaleIn";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { HostedAnswer } from "./readHostedTasks";

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
  /** The members, by target id. */
  readonly members: readonly GroupMemberTasks[];
  /** Why the group is left as it is (null: it is set). */
  readonly left: string | null;
  /** The tasks still present that keep instances up (null: none beyond those decided do). */
  readonly keptFor: number | null;
  /** Whether the group's max bounds the instances. */
  readonly atMax: boolean;
  /** The scale-in protection to change before lowering the group (null: none). */
  readonly protection: ScaleInProtection | null;
  /** Why the group stays above its tasks' instances: busy instances, or which are busy is unknown (null: it does not). */
  readonly scaleInNote: string | null;
}

/** Why no member sets the group (the text adds the members' tasks). */
const NO_MEMBER_MAY_ACT = "no target on it may act this round";

/**
 * The plan of one group in capacity mode `direct`, pure: the instances the SUM of its members' tasks needs
 * (each member's GPUs per task, tasks packed whole; spare instances once per group, the largest any member
 * asks; within the group's min and max and the deploy-time GPU ceiling). Instances rise only for the tasks
 * decided and fall only once the tasks still present are gone. One member sets it: the first, by target id,
 * that this round may act for. `blocked` (a member whose tasks are unknown) leaves the group as it is.
 * A lowering follows the busy-instance rule (planScaleIn) over `hosted`, what the group's instances host.
 */
export function planGroupCapacity(args: {
  readonly group: string;
  readonly capacity: GroupCapacity | undefined;
  readonly members: readonly GroupMemberTasks[];
  readonly maxGpus: number | undefined;
  readonly blocked: string | null;
  readonly hosted: HostedAnswer | undefined;
}): GroupPlan {
  const { group, capacity } = args;
  const members = args.members.length > 1 ? [...args.members].sort(byTargetId) : args.members;
  const controller = members.find(mayAct)?.targetId ?? null;
  const left =
    args.blocked ??
    (capacity === undefined ? "the group was not read" : controller === null ? NO_MEMBER_MAY_ACT : null);
  if (left !== null || capacity === undefined)
    return { group, instances: null, controller: null, members, left, keptFor: null, ...NOT_SET };
  const need = { members, capacity, maxGpus: args.maxGpus };
  const up = instancesFor(need, false);
  const keep = instancesFor(need, true);
  const planned = Math.min(keep, Math.max(up, capacity.desired));
  const scaleIn = planScaleIn({ capacity, planned, hosted: args.hosted });
  const instances = scaleIn.instances;
  let sum = 0;
  let present = 0;
  for (const m of members) {
    sum += m.desired;
    present += Math.max(m.desired, m.present);
  }
  return {
    group,
    instances,
    controller,
    members,
    left: null,
    keptFor: planned > up && present > sum ? present : null,
    atMax: instances === capacity.max && keep === capacity.max,
    protection: scaleIn.protection,
    scaleInNote: scaleIn.note,
  };
}

const NOT_SET = { atMax: false, protection: null, scaleInNote: null } as const;

/** What a reason says of the plan: the instances for the members' sum and who sets it, or why it is left. */
export function groupPlanText(plan: GroupPlan): string {
  let sum = 0;
  for (const m of plan.members) sum += m.desired;
  const shares = plan.members.map((m) => `${m.targetId} ${m.desired}`).join(" + ");
  if (plan.left === NO_MEMBER_MAY_ACT)
    return `Auto Scaling group ${plan.group} not set: ${plan.left} (tasks ${shares})`;
  if (plan.left !== null) return `Auto Scaling group ${plan.group} not set: ${plan.left}`;
  const atMax = plan.atMax ? " (the group's max)" : "";
  const kept = plan.keptFor === null ? "" : `, kept for the ${plan.keptFor} tasks still present`;
  const busy = plan.scaleInNote === null ? "" : `, ${plan.scaleInNote}`;
  return `Auto Scaling group ${plan.group} shared: ${plan.instances} instances${atMax} for ${sum} tasks (${shares})${kept}${busy}, set by ${plan.controller}`;
}

/**
 * What a reason says when the group is set this round, whatever else holds or keeps it: its direction and
 * the instances set, e.g. ` [Auto Scaling group gpu-asg lowered to 1 instance]`; empty when it stays.
 */
export function groupChangeText(args: {
  readonly group: string;
  readonly current: number;
  readonly instances: number | null;
}): string {
  const { group, current, instances } = args;
  if (instances === null || instances === current) return "";
  return ` [Auto Scaling group ${group} ${instances > current ? "raised" : "lowered"} to ${instancesText(instances)}]`;
}

/** `1 instance`, `4 instances`. */
export function instancesText(n: number): string {
  return `${n} instance${n === 1 ? "" : "s"}`;
}

/** Instances for the members' decided tasks, or (`present`) for those and the tasks still present. */
function instancesFor(
  need: {
    readonly members: readonly GroupMemberTasks[];
    readonly capacity: GroupCapacity;
    readonly maxGpus: number | undefined;
  },
  present: boolean,
): number {
  const { members, capacity, maxGpus } = need;
  const gpusPerInstance = members[0]!.gpusPerInstance;
  let spare = 0;
  const tasks: TaskShare[] = [];
  for (const m of members) {
    spare = Math.max(spare, m.spareInstances);
    tasks.push({ count: present ? Math.max(m.desired, m.present) : m.desired, gpusPerTask: m.gpusPerTask });
  }
  return instancesNeeded({
    tasks,
    gpusPerInstance,
    spare,
    groupMin: capacity.min,
    groupMax: capacity.max,
    maxInstances: maxGpus === undefined ? Number.POSITIVE_INFINITY : Math.floor(maxGpus / gpusPerInstance),
  });
}

function byTargetId(a: GroupMemberTasks, b: GroupMemberTasks): number {
  return a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0;
}

function mayAct(m: GroupMemberTasks): boolean {
  return m.mayAct;
}
