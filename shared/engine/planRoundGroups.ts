import type { EngineDeps } from "./EngineDeps";
import { type OwnershipVerdict, ownershipVerdict } from "./ownership/ownershipVerdict";
import type { DecidedTarget } from "./planDecisions";
import { type GroupMemberTasks, type GroupPlan, groupPlanText, planGroupCapacity } from "./planGroupCapacity";
import type { ScaleInProtection } from "./planScaleIn";
import type { HostedTasks } from "./ports/CapacityScaler";
import type { HostedAnswer } from "./readHostedTasks";
import type { RoundSnapshot } from "./readSnapshot";
import { targetHold } from "./targetHold";

/** One target's part in its Auto Scaling group's plan this round. */
export interface GroupShare {
  /** The group's desired capacity for all its members' tasks (null: the group is not set). */
  readonly instances: number | null;
  /** Whether this target sets the group this round (one member per group does). */
  readonly controls: boolean;
  /** What its reason adds when the group is shared, or held above its tasks by busy instances (else empty). */
  readonly note: string;
  /** The scale-in protection to change before lowering the group (null: none; only its setter does it). */
  readonly protection: ScaleInProtection | null;
}

/** Each decided target's ownership verdict and, when it sets an Auto Scaling group, its share of the plan. */
export interface RoundGroups {
  readonly verdicts: ReadonlyMap<string, OwnershipVerdict>;
  readonly shares: ReadonlyMap<string, GroupShare>;
  readonly plans: readonly GroupPlan[];
}

type GroupSnapshot = Pick<
  RoundSnapshot,
  "ownership" | "groups" | "settings" | "now" | "bystanders" | "hosted"
>;

/**
 * The group step of a round, pure: every decided target judged by the ownership rule, then each Auto Scaling
 * group driftless sets planned once (planGroupCapacity) for the sum of its members' tasks: a member this
 * round decides counts its decision (or, held, the count that stays), any other member the tasks ECS has
 * (readGroupBystanders). A member whose tasks are unknown, or whose group is held, leaves the group as it is.
 * A lowering keeps the instances that host tasks and protects them from scale-in (planScaleIn).
 */
export function planRoundGroups(args: {
  readonly snapshot: GroupSnapshot;
  readonly decided: readonly DecidedTarget[];
  readonly maxGpus: EngineDeps["ceilings"]["maxGpus"];
}): RoundGroups {
  const { snapshot } = args;
  const verdicts = new Map<string, OwnershipVerdict>();
  const byGroup = new Map<string, DecidedTarget[]>();
  for (const d of args.decided) {
    const targetId = d.target.targetId;
    const verdict = ownershipVerdict(snapshot.ownership, d.target);
    verdicts.set(targetId, verdict);
    const group = verdict.setsGroup;
    if (group === undefined) continue;
    const onGroup = byGroup.get(group);
    if (onGroup === undefined) byGroup.set(group, [d]);
    else onGroup.push(d);
  }
  const shares = new Map<string, GroupShare>();
  const plans: GroupPlan[] = [];
  for (const [group, onGroup] of byGroup) {
    const { plan, shared } = planOneGroup({ snapshot, maxGpus: args.maxGpus, group, onGroup, verdicts });
    plans.push(plan);
    // A group of one target's own says nothing new, unless busy instances keep it up.
    const note = shared
      ? ` [${groupPlanText(plan)}]`
      : plan.scaleInNote === null
        ? ""
        : ` [Auto Scaling group ${group} ${plan.scaleInNote}]`;
    for (const d of onGroup) {
      const targetId = d.target.targetId;
      const controls = plan.controller === targetId;
      const protection = controls ? plan.protection : null;
      shares.set(targetId, { instances: plan.instances, controls, note, protection });
    }
  }
  return { verdicts, shares, plans };
}

function planOneGroup(args: {
  readonly snapshot: GroupSnapshot;
  readonly maxGpus: number | undefined;
  readonly group: string;
  readonly onGroup: readonly DecidedTarget[];
  readonly verdicts: ReadonlyMap<string, OwnershipVerdict>;
}): { readonly plan: GroupPlan; readonly shared: boolean } {
  const { snapshot, group, onGroup } = args;
  const members: GroupMemberTasks[] = [];
  let blocked: string | null = null;
  for (const d of onGroup) members.push(decidedMember(snapshot, d, args.verdicts.get(d.target.targetId)));
  // The other targets on the group: held ones hold it; the round's bystanders count by their ECS tasks.
  const ids = snapshot.ownership.groupMembers.get(group) ?? [];
  for (const id of ids) {
    if (isDecided(onGroup, id)) continue;
    const hold = args.verdicts.get(id)?.groupHold;
    if (hold) blocked ??= `held for target ${id}: ${hold}`;
    const answer = snapshot.bystanders.get(id);
    if (answer?.ok !== true) {
      blocked ??= `the tasks of target ${id} on it are unknown this round${answer ? ` (${answer.error})` : ""}`;
      continue;
    }
    const { capacity } = answer.claim;
    members.push({
      targetId: id,
      gpusPerTask: capacity.gpus_per_task,
      gpusPerInstance: capacity.gpus_per_instance,
      spareInstances: capacity.spare_instances,
      desired: answer.desired,
      present: answer.present,
      mayAct: false,
    });
  }
  const plan = planGroupCapacity({
    group,
    capacity: snapshot.groups.get(group),
    members,
    maxGpus: args.maxGpus,
    blocked,
    hosted: hostedOn(snapshot.hosted, onGroup),
  });
  return { plan, shared: members.length > 1 || ids.length > 1 };
}

/** Whether the round decided target `id` (a group's members are few: a scan, no set). */
function isDecided(onGroup: readonly DecidedTarget[], id: string): boolean {
  for (const d of onGroup) if (d.target.targetId === id) return true;
  return false;
}

/** A decided member: its decision when it may act, else the ECS count that stays (the hold rule's). */
function decidedMember(
  snapshot: Pick<RoundSnapshot, "settings" | "now">,
  d: DecidedTarget,
  verdict: OwnershipVerdict | undefined,
): GroupMemberTasks {
  const { held } = targetHold({
    target: d.target,
    decision: d.decision,
    counts: d.counts,
    settings: snapshot.settings,
    ownership: verdict,
    now: snapshot.now,
  });
  // A target that sets a group has a capacity section (the verdict's setsGroup says so).
  const capacity = d.target.policy.target!.capacity!;
  return {
    targetId: d.target.targetId,
    gpusPerTask: capacity.gpus_per_task,
    gpusPerInstance: capacity.gpus_per_instance,
    spareInstances: capacity.spare_instances,
    desired: held === null ? d.decision.desiredReplicas : d.counts.desired,
    present: d.counts.running + d.counts.pending,
    mayAct: held === null,
  };
}

/**
 * What the instances of a group host: the answers of its decided members' clusters merged (an instance is
 * registered to one cluster); unknown when any of them failed or was not read.
 */
function hostedOn(
  hosted: ReadonlyMap<string, HostedAnswer>,
  onGroup: readonly DecidedTarget[],
): HostedAnswer | undefined {
  const first = hosted.get(onGroup[0]!.target.cluster);
  let merged: Map<string, HostedTasks> | undefined;
  for (const d of onGroup) {
    const answer = hosted.get(d.target.cluster);
    if (answer === undefined || !answer.ok) return answer;
    if (answer === first) continue;
    merged ??= new Map(first?.ok ? first.hosts : []);
    for (const [id, tasks] of answer.hosts) merged.set(id, tasks);
  }
  return merged === undefined ? first : { ok: true, hosts: merged };
}
