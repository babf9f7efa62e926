import type { GroupCapacity } from "./ports/CapacityScaler";
import type { ActionHold, ScalingAction } from "./ports/TargetState";

/** What one evaluation knows when it chooses its action (see planAction). */
export interface ActionRuleInput {
  readonly targetId: string;
  /** The version of the state this evaluation writes (action ids are `${targetId}:${version}`). */
  readonly version: number;
  /** This evaluation's id: an action it makes or takes over is `decidedBy` it. */
  readonly evaluationId: string;
  /** The decided replica count, the target it replaces, and when the policy meant the change to happen. */
  readonly desired: number;
  readonly previousTarget: number;
  readonly intendedAt: number | null;
  /** The stored action (the last decision that changed something), applied or not. */
  readonly previous: ScalingAction | null;
  /** The ECS service's desired count and the group's capacity as read this round. */
  readonly serviceDesired: number;
  readonly group: GroupCapacity | undefined;
  /** The group's desired capacity its plan sets (planRoundGroups), null when this target does not set it. */
  readonly instances: number | null;
  /** What holds actions now, and what held them at the last decision (null: nothing). */
  readonly held: ActionHold | null;
  readonly heldBefore: ActionHold | null;
  readonly now: number;
  /** How long an unapplied action belongs to the evaluation that decided it. */
  readonly graceS: number;
}

/** The action to store with the decision, whether to carry it out now, and what to add to the reason. */
export interface ActionPlan {
  readonly action: ScalingAction | null;
  readonly act: boolean;
  readonly note: string;
}

/**
 * The reconciliation rule, pure: a changed decision gets a new action; an unapplied action of the same count
 * is marked (when it landed before a crash), finished (its instances), retried (it failed) or taken over
 * (once its grace has passed), else left to its owner; an ECS count that differs from the decision is
 * restored, and the reason says an outside change only when the count differs from what driftless last
 * applied (otherwise it names the hold that kept the decision back); instances that differ are set. Held
 * (kill switch, paused, shadow): the stored action is kept and nothing is done.
 */
export function planAction(input: ActionRuleInput): ActionPlan {
  const { previous: prev, desired } = input;
  const keep: ActionPlan = { action: prev, act: false, note: "" };
  if (input.held !== null) return keep;
  if (desired !== input.previousTarget)
    return fresh(input, input.intendedAt ?? input.now, changedFromNote(input));
  if (prev !== null && prev.appliedAt === null && prev.desiredReplicas === desired) {
    return planUnapplied(input, prev) ?? keep;
  }
  if (input.serviceDesired !== desired) return fresh(input, input.now, reconcileNote(input));
  if (instancesDiffer(input)) return fresh(input, input.now, "");
  return keep;
}

/** An unapplied action of the decided count: marked, finished, retried or taken over; undefined: wait. */
function planUnapplied(input: ActionRuleInput, prev: ScalingAction): ActionPlan | undefined {
  const { group } = input;
  const applied =
    input.serviceDesired === prev.desiredReplicas &&
    (group === undefined || prev.desiredInstances === null || group.desired === prev.desiredInstances);
  // Applied before a crash but never marked: mark it, call nothing.
  if (applied && !instancesDiffer(input)) return { action: prev, act: true, note: "" };
  // Applied before a crash; what is left are the instances the tasks no longer need.
  if (applied) return fresh(input, input.now, "");
  // A failed action has no owner left to wait for; an unapplied one gets the grace first.
  if (prev.error === null && input.now - prev.decidedAt < input.graceS) return undefined;
  const note =
    prev.error !== null
      ? ` (retried action ${prev.id}, which failed: ${prev.error})`
      : ` (took over action ${prev.id}, unapplied for ${Math.round(input.now - prev.decidedAt)} s)`;
  return {
    action: {
      ...prev,
      id: `${input.targetId}:${input.version}`,
      desiredInstances: input.instances,
      error: null,
      decidedBy: input.evaluationId,
    },
    act: true,
    note,
  };
}

/**
 * Why the ECS count is being set to the decided target. An outside change only when the count differs from
 * the one driftless last applied (with no applied action, when nothing held the last decision back);
 * otherwise the hold that kept the decided target from being applied.
 */
function reconcileNote(input: ActionRuleInput): string {
  const { previous: prev, serviceDesired: was, desired, heldBefore } = input;
  const applied = prev !== null && prev.appliedAt !== null ? prev.desiredReplicas : null;
  const outside = applied !== null ? was !== applied : heldBefore === null;
  if (outside) return ` (ECS desired count was ${was}, changed outside driftless: restored to ${desired})`;
  const cause = heldBefore === null ? null : LIFTED[heldBefore];
  return cause === null
    ? ` (applying the decided target ${desired}; ECS desired count was ${was})`
    : ` (${cause}: applying the decided target ${desired}; ECS desired count was ${was})`;
}

/**
 * A new decision acted on from an ECS count other than the target it replaces: what ECS had, and why (an
 * outside change, or the hold that kept the last target back); empty when ECS had the replaced target.
 */
function changedFromNote(input: ActionRuleInput): string {
  const { serviceDesired: was, previousTarget, desired, heldBefore } = input;
  if (was === previousTarget || was === desired) return "";
  const applied =
    input.previous !== null && input.previous.appliedAt !== null ? input.previous.desiredReplicas : null;
  if (applied !== null ? was !== applied : heldBefore === null && input.previous === null)
    return ` (ECS desired count was ${was}, changed outside driftless)`;
  const cause = heldBefore === null ? "" : `${LIFTED[heldBefore]}; `;
  return ` (${cause}ECS desired count was ${was})`;
}

/** How a reason names the end of each hold. */
const LIFTED: Record<ActionHold, string> = {
  "kill switch": "kill switch lifted",
  paused: "policy resumed",
  shadow: "shadow mode ended",
  "another controller": "no other controller any more",
};

function instancesDiffer(input: ActionRuleInput): boolean {
  return input.instances !== null && input.group !== undefined && input.instances !== input.group.desired;
}

function fresh(input: ActionRuleInput, intendedAt: number, note: string): ActionPlan {
  return {
    action: {
      id: `${input.targetId}:${input.version}`,
      desiredReplicas: input.desired,
      desiredInstances: input.instances,
      intendedAt,
      decidedAt: input.now,
      appliedAt: null,
      error: null,
      decidedBy: input.evaluationId,
    },
    act: true,
    note,
  };
}
