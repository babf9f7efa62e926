import { StateConflictError } from "../errors/StateConflictError";
import { applyAction } from "./applyAction";
import type { EngineDeps } from "./EngineDeps";
import { errorText } from "./errorText";
import type { DecidedTarget } from "./planDecisions";
import type { PlannedSummary, TargetPlan } from "./planTarget";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { DecisionRecord } from "./ports/DecisionLog";
import type { TargetOutcome } from "./RoundReport";
import { managedGroupOf } from "./readGroupCapacities";
import { ownWriteLanded } from "./stateWriteRules";

/**
 * The commit step of one target: writes the planned state conditionally on the version read (a losing
 * writer stands down; a writer whose answer was lost recognises its own write), then, when the plan says
 * so, carries out the action and marks it applied (or failed). The decision is reported to the observer.
 */
export async function commitTarget(args: {
  readonly deps: EngineDeps;
  readonly decided: DecidedTarget;
  readonly plan: TargetPlan;
  readonly group: GroupCapacity | undefined;
}): Promise<TargetOutcome> {
  const { deps, decided, plan } = args;
  const targetId = decided.target.record.targetId;
  // The conditional write, awaited here rather than in a function of its own: one promise and one
  // microtask less per target, every target alike (the order their writes and actions interleave in stays).
  try {
    await deps.states.put(plan.next, plan.expectedVersion);
  } catch (error) {
    const lost = await failedWrite(deps, plan, error);
    if (lost !== undefined) return lost;
  }

  let actions: readonly string[] = NO_ACTIONS;
  let actError: string | null = null;
  if (plan.act && plan.action) {
    const done: string[] = [];
    actions = done;
    try {
      await applyAction({
        deps,
        cluster: decided.target.cluster,
        service: decided.target.service,
        groupName: managedGroupOf(decided.target.policy),
        action: plan.action,
        counts: decided.counts,
        group: args.group,
        protection: plan.protection,
        done,
      });
    } catch (error) {
      actError = errorText(error);
      deps.observer.targetError(targetId, error);
    }
    await markApplied(deps, targetId, plan.action.id, actError);
  }
  const record = historyRecord(plan.summary, targetId, actions.length > 0);
  deps.observer.decision(record);
  const { decision } = decided;
  return actError
    ? { targetId, status: "error", record, decision, actions, error: actError }
    : { targetId, status: "decided", record, decision, actions };
}

/**
 * The summary with the target and whether it acted: the fields of `{ ...summary, targetId, acted }` in its
 * order, the optional ones only when the summary has them, listed rather than spread (a spread of a
 * summary's many shapes was the costliest allocation of a commit).
 */
function historyRecord(summary: PlannedSummary, targetId: string, acted: boolean): DecisionRecord {
  const record: Mutable<PlannedSummary> & { targetId?: string; acted?: boolean } = {
    evaluationId: summary.evaluationId,
    at: summary.at,
    desiredReplicas: summary.desiredReplicas,
    previousTarget: summary.previousTarget,
    direction: summary.direction,
    reason: summary.reason,
    intendedAt: summary.intendedAt,
    latenessMs: summary.latenessMs,
    pendingDelay: summary.pendingDelay,
    trace: summary.trace,
    policyVersion: summary.policyVersion,
    running: summary.running,
    pending: summary.pending,
    load: summary.load,
    metricAgeS: summary.metricAgeS,
  };
  if (summary.warmPool !== undefined) record.warmPool = summary.warmPool;
  if (summary.heldBy !== undefined) record.heldBy = summary.heldBy;
  if (summary.outsideChanges !== undefined) record.outsideChanges = summary.outsideChanges;
  if (summary.forecast !== undefined) record.forecast = summary.forecast;
  record.targetId = targetId;
  record.acted = acted;
  return record as DecisionRecord;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Shared by every outcome that carried out nothing (never changed). */
const NO_ACTIONS: readonly string[] = Object.freeze([]);

/**
 * After a failed conditional write: undefined when the write landed although we did not hear so (the item
 * read back says so, ownWriteLanded), else the outcome of the target that lost.
 */
async function failedWrite(
  deps: EngineDeps,
  plan: TargetPlan,
  error: unknown,
): Promise<TargetOutcome | undefined> {
  const targetId = plan.next.targetId;
  if (await wroteIt(deps, targetId, plan.summary.evaluationId)) return undefined;
  if (error instanceof StateConflictError) {
    deps.observer.conflict(targetId, "decide");
    return { targetId, status: "conflict", actions: NO_ACTIONS };
  }
  deps.observer.targetError(targetId, error);
  return { targetId, status: "error", actions: NO_ACTIONS, error: errorText(error) };
}

async function wroteIt(deps: EngineDeps, targetId: string, evaluationId: string): Promise<boolean> {
  try {
    return ownWriteLanded(await deps.states.get(targetId), evaluationId);
  } catch {
    return false;
  }
}

async function markApplied(deps: EngineDeps, targetId: string, actionId: string, actError: string | null) {
  try {
    const marked = await deps.states.markActionApplied(
      targetId,
      actionId,
      actError ? null : deps.clock.now(),
      actError,
    );
    if (!marked) deps.observer.conflict(targetId, "mark-applied");
  } catch (error) {
    deps.observer.targetError(targetId, error);
  }
}
