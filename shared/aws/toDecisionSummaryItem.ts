import type { DecisionSummary } from "../engine/ports/TargetState";
import type { DecisionSummaryItem } from "./StateItem";

/** A DecisionSummary as stored (in the state item and, flattened, in history items): trace as JSON. */
export function toDecisionSummaryItem(decision: DecisionSummary): DecisionSummaryItem {
  return {
    evaluationId: decision.evaluationId,
    at: decision.at,
    desiredReplicas: decision.desiredReplicas,
    previousTarget: decision.previousTarget,
    direction: decision.direction,
    reason: decision.reason,
    intendedAt: decision.intendedAt,
    latenessMs: decision.latenessMs,
    pendingDelay:
      decision.pendingDelay === null
        ? null
        : {
            direction: decision.pendingDelay.direction,
            wanted: decision.pendingDelay.wanted,
            since: decision.pendingDelay.since,
            firesAt: decision.pendingDelay.firesAt,
          },
    trace: JSON.stringify(decision.trace.map((s) => ({ step: s.step, out: s.out, note: s.note }))),
    // What the evaluation saw, when the summary carries it (absent keys stay absent).
    ...(decision.policyVersion === undefined ? {} : { policyVersion: decision.policyVersion }),
    ...(decision.running === undefined ? {} : { running: decision.running }),
    ...(decision.pending === undefined ? {} : { pending: decision.pending }),
    ...(decision.load === undefined ? {} : { load: decision.load }),
    ...(decision.metricAgeS === undefined ? {} : { metricAgeS: decision.metricAgeS }),
    ...(decision.warmPool === undefined ? {} : { warmPool: { ...decision.warmPool } }),
    ...(decision.heldBy === undefined ? {} : { heldBy: decision.heldBy }),
    ...(decision.outsideChanges === undefined ? {} : { outsideChanges: decision.outsideChanges }),
    ...(decision.forecast === undefined ? {} : { forecast: { ...decision.forecast } }),
  };
}
