import type { TraceStep } from "../../policy/DecisionTrace";
import type { ForecastFloorInput } from "../../policy/decide";
import type { PolicyState } from "../../policy/PolicyState";
import type { OutsideChanges } from "../ownership/outsideChanges";
import type { WarmPoolCapacity } from "./CapacityScaler";

/** An action driftless intends or intended to carry out: absolute counts, so repeating one is harmless. */
export interface ScalingAction {
  /** Unique per decision: `${targetId}:${version}`. */
  readonly id: string;
  readonly desiredReplicas: number;
  /** Mode `direct`: the Auto Scaling group's desired capacity to set (null: leave the group alone). */
  readonly desiredInstances: number | null;
  /** When the policy meant it to happen (epoch seconds). */
  readonly intendedAt: number;
  readonly decidedAt: number;
  /** When ECS (and the group) were told; null while not yet applied. */
  readonly appliedAt: number | null;
  /** The last error applying it, if any. */
  readonly error: string | null;
  /**
   * The evaluation id of the decision that made it or took it over: that evaluation, its answer lost and its
   * write superseded by one that kept the action, still knows the unapplied action as its own and acts at
   * once (see ownWriteLanded). Absent in items written before it existed.
   */
  readonly decidedBy?: string;
}

/**
 * What kept an evaluation from acting on its decision: the global kill switch, the policy's `paused` or
 * `shadow`, or another controller of the service (another target or Application Auto Scaling; see
 * ownershipVerdict).
 */
export type ActionHold = "kill switch" | "paused" | "shadow" | "another controller";

/** The last decision, for `status` and `explain`. */
export interface DecisionSummary {
  /** Unique per evaluation that wrote it: lets a writer whose response was lost recognise its own write. */
  readonly evaluationId: string;
  readonly at: number;
  readonly desiredReplicas: number;
  readonly previousTarget: number;
  readonly direction: "up" | "down" | "none";
  readonly reason: string;
  readonly intendedAt: number | null;
  /** at - intendedAt in milliseconds, when a change was decided. */
  readonly latenessMs: number | null;
  readonly pendingDelay: { direction: "up" | "down"; wanted: number; since: number; firesAt: number } | null;
  readonly trace: readonly TraceStep[];
  /**
   * What the evaluation saw (its history record has them too), so the record of an evaluation that died
   * before its history append can be rebuilt from the state. Absent in items written before they existed.
   */
  readonly policyVersion?: number | null;
  readonly running?: number;
  readonly pending?: number;
  readonly load?: number | null;
  readonly metricAgeS?: number | null;
  /** The Auto Scaling group's warm pool as read (capacity mode `direct`, a group with a warm pool only). */
  readonly warmPool?: WarmPoolCapacity;
  /**
   * Set when actions were held at this decision: the next evaluation that may act names the hold as the
   * cause of its reconciling, instead of mistaking the count it left alone for a change made outside.
   */
  readonly heldBy?: ActionHold;
  /** Desired counts changed outside driftless lately, and whether the target is contested (see nextOutsideChanges). */
  readonly outsideChanges?: OutsideChanges;
  /** The forecast floor the decision saw (targets with `predictive` on and a usable forecast). */
  readonly forecast?: ForecastFloorInput;
}

/** Whether the stored policy item validates, and what is wrong with it if not. */
export interface PolicyStatus {
  readonly version: number;
  readonly valid: boolean;
  readonly problems: readonly { path: string; message: string }[];
  readonly checkedAt: number;
}

/** One target's durable decision state (the state table), versioned for optimistic concurrency. */
export interface TargetState {
  readonly targetId: string;
  /** 0 for a target never written; each write is conditional on the version read. */
  readonly version: number;
  /** The replica count decided last (null before the first decision). */
  readonly target: number | null;
  readonly policyState: PolicyState;
  /** The action of the last decision that changed something; reconciled until applied. */
  readonly action: ScalingAction | null;
  readonly lastDecision: DecisionSummary | null;
  /** The last policy body that validated, and its version: it keeps running when an edit is invalid. */
  readonly lastKnownGood: { readonly version: number; readonly body: Record<string, unknown> } | null;
  readonly policyStatus: PolicyStatus | null;
  /**
   * The idle-instance timers of the Auto Scaling group this target sets: since when its plan has wanted
   * fewer instances than the group has, count by count (instanceIdleHold; null: it has not). Kept by the
   * group's controller only.
   */
  readonly groupScaleIn: GroupScaleIn | null;
  readonly updatedAt: number;
}

/**
 * The idle-instance timers of a group, one per count its plan fell to: the plan has wanted at most
 * `instances` since `since`. Counts fall and times rise along the list (oldest first), so each instance
 * above the plan has its own timer, from when the plan stopped needing it.
 */
export interface GroupScaleIn {
  readonly group: string;
  readonly steps: readonly IdleStep[];
  /**
   * The group's desired capacity as the round that stored the timers left it. A group found higher later was
   * raised by someone else since (another member's round, an operator): the plan needed more then, so the
   * timers no longer hold and start anew. Absent in items stored before it: the timers hold.
   */
  readonly kept?: number;
}

/** One idle-instance timer: the plan has wanted at most `instances` since `since` (epoch seconds, on the round's clock). */
export interface IdleStep {
  readonly instances: number;
  readonly since: number;
}

/** Global settings (one item in the state table). */
export interface Settings {
  /** Stop all actions (measuring and logging go on). */
  readonly killSwitch: boolean;
  readonly ceilings: { readonly maxReplicas?: number; readonly maxGpus?: number };
}
