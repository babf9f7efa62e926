import { StateConflictError } from "../errors/StateConflictError";
import { applyAction } from "./applyAction";
import type { EngineDeps } from "./EngineDeps";
import { errorText } from "./errorText";
import type { DecidedTarget } from "./planDecisions";
import type { TargetPlan } from "./planTarget";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { DecisionRecord } from "./ports/DecisionLog";
import type { TargetOutcome } from "./RoundReport";
import { managedGroupOf } from "./readGroupCapacities";

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
  const lost = await writeState(deps, plan);
  if (lost !== undefined) return lost;

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
  const record: DecisionRecord = { ...plan.summary, targetId, acted: actions.length > 0 };
  deps.observer.decision(record);
  const { decision } = decided;
  return actError
    ? { targetId, status: "error", record, decision, actions, error: actError }
    : { targetId, status: "decided", record, decision, actions };
}

/** Shared by every outcome that carried out nothing (never changed). */
const NO_ACTIONS: readonly string[] = Object.freeze([]);

/**
 * Writes the planned state; undefined when it is stored. The write may have landed although we did not
 * hear so: a retried write whose first attempt landed reads as a conflict, and a write whose every answer
 * was lost as a network error, so on failure the stored item is checked for our evaluation id. (Its await
 * is part of the order in which concurrent targets' writes interleave: keep it.)
 */
async function writeState(deps: EngineDeps, plan: TargetPlan): Promise<TargetOutcome | undefined> {
  const targetId = plan.next.targetId;
  try {
    await deps.states.put(plan.next, plan.expectedVersion);
    return undefined;
  } catch (error) {
    if (await wroteIt(deps, targetId, plan.summary.evaluationId)) return undefined;
    if (error instanceof StateConflictError) {
      deps.observer.conflict(targetId, "decide");
      return { targetId, status: "conflict", actions: NO_ACTIONS };
    }
    deps.observer.targetError(targetId, error);
    return { targetId, status: "error", actions: NO_ACTIONS, error: errorText(error) };
  }
}

async function wroteIt(deps: EngineDeps, targetId: string, evaluationId: string): Promise<boolean> {
  try {
    return (await deps.states.get(targetId))?.lastDecision?.evaluationId === evaluationId;
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
