import type { DecisionRecord } from "./ports/DecisionLog";
import type { DecisionSummary, TargetState } from "./ports/TargetState";

/**
 * The history records to re-append, rebuilt from the states: each target's last decision that this process
 * has not appended itself (`appended`: target → evaluation id), since its evaluation may have died between
 * its state write and its history append. History items are keyed by target and decision time, so a record
 * appended twice is stored once. In steady state every last decision is this process's own and nothing is
 * returned; after a cold start, or a decision made by the other function, one record per target is.
 */
export function lostDecisions(args: {
  readonly targetIds: readonly string[];
  readonly states: ReadonlyMap<string, TargetState>;
  readonly appended: ReadonlyMap<string, string>;
}): DecisionRecord[] {
  const lost: DecisionRecord[] = [];
  for (const targetId of args.targetIds) {
    const state = args.states.get(targetId);
    const last = state?.lastDecision;
    if (state && last && args.appended.get(targetId) !== last.evaluationId) lost.push(recordOf(state, last));
  }
  return lost;
}

/** The history record of a state's last decision (acted: its own action was applied). */
function recordOf(state: TargetState, last: DecisionSummary): DecisionRecord {
  const action = state.action;
  return {
    ...last,
    targetId: state.targetId,
    policyVersion: last.policyVersion ?? null,
    running: last.running ?? 0,
    pending: last.pending ?? 0,
    load: last.load ?? null,
    metricAgeS: last.metricAgeS ?? null,
    acted: action !== null && action.appliedAt !== null && last.evaluationId.startsWith(`${action.id}:`),
  };
}
