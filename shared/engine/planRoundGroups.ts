import { idleHoldUnderForecast } from "../forecast/idleHoldUnderForecast";
import type { EngineDeps } from "./EngineDeps";
import { instanceIdleHold, instanceIdleText, timersHold } from "./instanceIdleHold";
import { type OwnershipVerdict, ownershipVerdict } from "./ownership/ownershipVerdict";
import { pausedGroupHold, pausedGroupText } from "./pausedDirectionRule";
import type { DecidedTarget } from "./planDecisions";
import {
  type GroupMemberTasks,
  type GroupPlan,
  groupChangeText,
  groupPlanText,
  planGroupCapacity,
} from "./planGroupCapacity";
import type { ScaleInProtection } from "./planScaleIn";
import type { HostedTasks } from "./ports/CapacityScaler";
import type { GroupScaleIn } from "./ports/TargetState";
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
  /** The idle-instance timer the member that sets the group stores (instanceIdleHold; null: none). */
  readonly scaleIn: GroupScaleIn | null;
  /**
   * What the reason of the member that sets the group adds when its action sets it (`lowered to 1 instance`,
   * `raised to 4 instances`); empty for the others, when the group stays, or when `note` already names it.
   */
  readonly change: string;
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
 * A lowering keeps the instances that host tasks and protects them from scale-in (planScaleIn). A plan
 * below the group's capacity keeps it until the plan has wanted fewer for `instance_idle_s`
 * (instanceIdleHold, on the timer in the controller's state).
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
    const planned = planOneGroup({ snapshot, maxGpus: args.maxGpus, group, onGroup, verdicts });
    const { plan, scaleIn, idleNote, released } = holdPausedGroup({
      snapshot,
      onGroup,
      kept: keepIdleInstances({ snapshot, maxGpus: args.maxGpus, onGroup, planned }),
    });
    plans.push(plan);
    const current = snapshot.groups.get(group)?.desired;
    const change =
      released || current === undefined ? "" : groupChangeText({ group, current, instances: plan.instances });
    // A group of one target's own says nothing new, unless busy or idle instances keep it up. A shared
    // group's text states the instances set (idle ones kept included), not those the tasks need.
    const note =
      (planned.shared
        ? ` [${groupPlanText(plan)}]`
        : plan.scaleInNote === null
          ? ""
          : ` [Auto Scaling group ${group} ${plan.scaleInNote}]`) + idleNote;
    for (const d of onGroup) {
      const targetId = d.target.targetId;
      const controls = plan.controller === targetId;
      const protection = controls ? plan.protection : null;
      shares.set(targetId, {
        instances: plan.instances,
        controls,
        note,
        protection,
        scaleIn: controls ? scaleIn : null,
        change: controls ? change : "",
      });
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
}): PlannedGroup {
  const { snapshot, group, onGroup } = args;
  const members: GroupMemberTasks[] = [];
  let blocked: string | null = null;
  // The longest any member asks, as spare instances count the most any member asks (none under an acting
  // forecast floor: idleHoldUnderForecast).
  let idleS = 0;
  for (const d of onGroup) {
    members.push(decidedMember(snapshot, d, args.verdicts.get(d.target.targetId)));
    const instanceIdleS = d.target.policy.target!.capacity!.instance_idle_s;
    idleS = Math.max(idleS, idleHoldUnderForecast({ instanceIdleS, forecast: d.forecast }));
  }
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
    idleS = Math.max(idleS, capacity.instance_idle_s);
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
  return { plan, shared: members.length > 1 || ids.length > 1, idleS };
}

/** A group's plan (planOneGroup) before the idle-instance rule. */
interface PlannedGroup {
  readonly plan: GroupPlan;
  readonly shared: boolean;
  /** The group's `instance_idle_s`: the longest any member asks. */
  readonly idleS: number;
}

/**
 * The idle-instance rule on a set plan (after the busy-instance rule): instances the tasks no longer need
 * are kept (within the group's max and the GPU ceiling) until the plan has wanted fewer for
 * `instance_idle_s`, on the timer the controller stored; a plan that leaves the group is left as it is
 * and drops the timer (the wait starts over: it can only hold longer).
 * While the group is kept whole it is not lowered, so its scale-in protection waits for the lowering.
 */
function keepIdleInstances(args: {
  readonly snapshot: GroupSnapshot;
  readonly maxGpus: number | undefined;
  readonly onGroup: readonly DecidedTarget[];
  readonly planned: PlannedGroup;
}): KeptGroup {
  const { plan, idleS } = args.planned;
  const capacity = args.snapshot.groups.get(plan.group);
  if (plan.instances === null || capacity === undefined)
    return { plan, scaleIn: null, idleNote: "", released: false };
  const controller = args.onGroup.find((d) => d.target.targetId === plan.controller);
  const gpusPerInstance = plan.members[0]!.gpusPerInstance;
  const verdict = instanceIdleHold({
    group: plan.group,
    planned: plan.instances,
    current: capacity.desired,
    keepAtMost: Math.min(
      capacity.max,
      args.maxGpus === undefined ? Number.POSITIVE_INFINITY : Math.floor(args.maxGpus / gpusPerInstance),
    ),
    idleS,
    stored: controller?.target.state?.groupScaleIn ?? null,
    now: args.snapshot.now,
  });
  const idleNote = instanceIdleText({ group: plan.group, planned: plan.instances, verdict, idleS });
  const released = verdict.releasedAfterS !== null;
  if (verdict.instances === plan.instances) return { plan, scaleIn: verdict.scaleIn, idleNote, released };
  const protection = verdict.instances >= capacity.desired ? null : plan.protection;
  return {
    plan: { ...plan, instances: verdict.instances, protection },
    scaleIn: verdict.scaleIn,
    idleNote,
    released,
  };
}

/** A group's plan after the idle-instance rule (keepIdleInstances). */
interface KeptGroup {
  readonly plan: GroupPlan;
  readonly scaleIn: GroupScaleIn | null;
  readonly idleNote: string;
  /** Whether the idle note says the group is lowered (the wait is over). */
  readonly released: boolean;
}

/**
 * The paused direction on a set plan (pausedGroupHold), last, as the policy's partial pause is: a held
 * change leaves the group as it is, and the reason names the pause instead of the busy or idle notes
 * (what they said would happen does not). The idle timer keeps running, as a held decision's delay stays
 * armed: once the pause is lifted, instances idle long enough go at once.
 */
function holdPausedGroup(args: {
  readonly snapshot: GroupSnapshot;
  readonly onGroup: readonly DecidedTarget[];
  readonly kept: KeptGroup;
}): KeptGroup {
  const { plan } = args.kept;
  const capacity = args.snapshot.groups.get(plan.group);
  if (plan.instances === null || capacity === undefined) return args.kept;
  const members = args.onGroup.map((d) => ({ targetId: d.target.targetId, policy: d.target.policy }));
  const current = capacity.desired;
  const hold = pausedGroupHold({ members, current, instances: plan.instances });
  if (hold === null) return args.kept;
  const stored =
    args.onGroup.find((d) => d.target.targetId === plan.controller)?.target.state?.groupScaleIn ?? null;
  const timer: GroupScaleIn =
    stored !== null && timersHold(stored, plan.group, current)
      ? stored
      : { group: plan.group, steps: [{ instances: plan.instances, since: args.snapshot.now }] };
  return {
    plan: { ...plan, instances: current, protection: null, scaleInNote: null },
    // The pause leaves the group where it is: the timers are kept against that count.
    scaleIn: hold.direction === "scale_in" ? { ...(args.kept.scaleIn ?? timer), kept: current } : null,
    idleNote: pausedGroupText({ group: plan.group, current, planned: plan.instances, hold }),
    released: false,
  };
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
