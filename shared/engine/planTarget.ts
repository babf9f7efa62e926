import type { Decision, DecisionInput } from "../policy/decide";
import { freshTargetState } from "./freshTargetState";
import type { OutsideChanges } from "./ownership/outsideChanges";
import type { OwnershipVerdict } from "./ownership/ownershipVerdict";
import { type ActionPlan, planAction } from "./planAction";
import type { GroupShare } from "./planRoundGroups";
import type { ScaleInProtection } from "./planScaleIn";
import { mergePolicyValidation } from "./policyStatusRule";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { DecisionRecord } from "./ports/DecisionLog";
import type { ServiceCounts } from "./ports/ServiceScaler";
import type { ActionHold, Settings, TargetState } from "./ports/TargetState";
import { shadowNote } from "./shadowRule";
import { type StatedChange, statedChange } from "./statedChange";
import type { RunnableTarget } from "./TargetSnapshot";
import { targetHold } from "./targetHold";

/** Everything one target's plan is made from (see planTarget). */
export interface TargetPlanInput {
  readonly target: RunnableTarget;
  readonly decision: Decision;
  /** The decision input's target: the count last decided, else ECS's desired count. */
  readonly targetReplicas: number;
  /** The forecast floor the decision saw; absent without one. */
  readonly forecast: DecisionInput["forecast"];
  /** The load total as measured (null: unreadable) and the age of its newest datapoint. */
  readonly load: number | null;
  readonly metricAgeS: number | null;
  readonly counts: ServiceCounts;
  /** The target's Auto Scaling group as read (capacity mode `direct` only). */
  readonly group: GroupCapacity | undefined;
  /** The target's part in its group's plan (planRoundGroups): absent when it sets no group. */
  readonly groupShare?: GroupShare;
  readonly settings: Settings;
  readonly graceS: number;
  readonly now: number;
  /** The evaluation id's suffix: unique per round (the id adds the target and its version). */
  readonly uniqueId: string;
  /** Whether another controller owns the service or the group (absent: none does). */
  readonly ownership?: OwnershipVerdict;
}

/** What committing one target writes and does. */
export interface TargetPlan extends ActionPlan {
  /** The state to write, conditionally on `expectedVersion` (the version read). */
  readonly next: TargetState;
  readonly expectedVersion: number;
  /** The decision as the state and the history hold it (the history adds the target and whether it acted). */
  readonly summary: PlannedSummary;
  /** The scale-in protection to change before lowering its group (null: none, or it does not set the group). */
  readonly protection: ScaleInProtection | null;
}

export type PlannedSummary = Omit<DecisionRecord, "targetId" | "acted">;

/**
 * One target's plan, pure: the action by the reconciliation rule (planAction), with its group's instances
 * when it sets the group this round (planRoundGroups), the decision summary with its reason, and the next
 * state, whose policy status and last known-good follow the one policy-status rule.
 */
export function planTarget(p: TargetPlanInput): TargetPlan {
  const { target, decision, counts, now } = p;
  const targetId = target.record.targetId;
  const base = target.state ?? freshTargetState(targetId);
  const version = base.version + 1;
  const { held, ownership, outside } = targetHold(p);
  const share = p.groupShare;
  // Only the member that sets the group this round plans instances; the others act on their tasks.
  const controls = share?.controls === true;
  const evaluationId = `${targetId}:${version}:${p.uniqueId}`;
  const plan = planAction({
    targetId,
    version,
    evaluationId,
    desired: decision.desiredReplicas,
    previousTarget: p.targetReplicas,
    intendedAt: decision.intendedAt,
    previous: base.action,
    serviceDesired: counts.desired,
    group: controls ? p.group : undefined,
    instances: controls ? (share?.instances ?? null) : null,
    held,
    heldBefore: base.lastDecision?.heldBy ?? null,
    now,
    graceS: p.graceS,
  });
  const acting = plan.act && plan.action?.desiredReplicas === decision.desiredReplicas;
  const stated = statedChange({
    decision,
    actsFrom:
      held === null && (acting || counts.desired === decision.desiredReplicas) ? counts.desired : null,
  });
  const summary = summarize(p, {
    stated,
    note: plan.note,
    held,
    evaluationId,
    outside,
    ownership,
    // The group change is named where the action that sets it is (planRoundGroups says which).
    groupChange:
      controls && plan.act && plan.action?.desiredInstances === share?.instances ? share.change : "",
  });
  const validation = mergePolicyValidation({
    state: base,
    validation: { status: target.tp.status, lastKnownGood: target.tp.lastKnownGood },
  });
  const next: TargetState = {
    targetId,
    version,
    target: decision.desiredReplicas,
    policyState: decision.state,
    action: plan.action,
    lastDecision: summary,
    lastKnownGood: validation.lastKnownGood,
    policyStatus: validation.status,
    // The idle-instance timer is the group controller's: any other member's is dropped.
    groupScaleIn: controls ? (share?.scaleIn ?? null) : null,
    updatedAt: now,
  };
  return {
    action: plan.action,
    act: plan.act,
    note: plan.note,
    next,
    expectedVersion: base.version,
    summary,
    protection: controls ? (share?.protection ?? null) : null,
  };
}

/** The decision summary (state and history): the decision, its reason with the action's note, what was seen. */
function summarize(
  p: TargetPlanInput,
  made: {
    readonly stated: StatedChange;
    readonly note: string;
    readonly held: ActionHold | null;
    readonly evaluationId: string;
    readonly outside: OutsideChanges;
    /** The verdict the plan followed (with a contest as a hold), not the one read. */
    readonly ownership: OwnershipVerdict;
    /** What the reason adds when this action sets the group (empty: it does not). */
    readonly groupChange: string;
  },
): PlannedSummary {
  const { decision, now } = p;
  const killed = p.settings.killSwitch ? " [kill switch on: no action]" : "";
  const shadow = p.target.policy.shadow
    ? shadowNote({ desired: decision.desiredReplicas, counts: p.counts })
    : "";
  const owned = ownershipNote(made.ownership) + (p.groupShare?.note ?? "") + made.groupChange;
  const summary: Mutable<PlannedSummary> = {
    evaluationId: made.evaluationId,
    at: now,
    desiredReplicas: decision.desiredReplicas,
    previousTarget: made.stated.previousTarget,
    direction: made.stated.direction,
    reason: made.stated.reason + made.note + killed + shadow + owned,
    intendedAt: decision.intendedAt,
    latenessMs:
      decision.intendedAt === null ? null : Math.max(0, Math.round((now - decision.intendedAt) * 1000)),
    pendingDelay: decision.pendingDelay,
    trace: decision.trace,
    policyVersion: p.target.tp.version,
    running: p.counts.running,
    pending: p.counts.pending,
    load: p.load,
    metricAgeS: p.metricAgeS,
  };
  // The optional fields, present only when they say something, in this order (set, not spread: cheaper).
  if (p.group?.warmPool !== undefined) summary.warmPool = p.group.warmPool;
  if (made.held !== null) summary.heldBy = made.held;
  if (made.outside.at.length !== 0 || made.outside.contested !== null) summary.outsideChanges = made.outside;
  if (p.forecast !== undefined) summary.forecast = p.forecast;
  return summary;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** What the reason says when another controller stops driftless acting (all of it, or the group only). */
function ownershipNote(verdict: OwnershipVerdict | undefined): string {
  const mode = verdict?.capacityNote ? ` [${verdict.capacityNote}]` : "";
  if (verdict?.hold) return ` [not acting: ${verdict.hold}]${mode}`;
  if (verdict?.groupHold) return ` [instances not set: ${verdict.groupHold}]${mode}`;
  return mode;
}
