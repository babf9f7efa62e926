import type { DecisionRecord } from "../engine/ports/DecisionLog";
import { fromDecisionSummaryItem } from "./fromDecisionSummaryItem";
import { booleanOr, numberOr, stringOr } from "./itemFields";

/**
 * The DecisionRecord of a history item (see toDecisionItems): `at` is the exact `atS`, or the sort key in
 * seconds for an item without it. Lenient like fromStateItem: a mistyped field reads as its neutral value.
 */
export function fromDecisionItem(item: Record<string, unknown>): DecisionRecord {
  const atS = numberOr(item.atS, numberOr(item.at, 0) / 1000);
  const summary = fromDecisionSummaryItem({ ...item, at: atS });
  return {
    at: atS,
    desiredReplicas: summary?.desiredReplicas ?? 0,
    previousTarget: summary?.previousTarget ?? 0,
    direction: summary?.direction ?? "none",
    reason: summary?.reason ?? "",
    intendedAt: summary?.intendedAt ?? null,
    latenessMs: summary?.latenessMs ?? null,
    pendingDelay: summary?.pendingDelay ?? null,
    trace: summary?.trace ?? [],
    targetId: stringOr(item.targetId, ""),
    evaluationId: stringOr(item.evaluationId, ""),
    policyVersion: numberOr(item.policyVersion, null),
    running: numberOr(item.running, 0),
    pending: numberOr(item.pending, 0),
    load: numberOr(item.load, null),
    metricAgeS: numberOr(item.metricAgeS, null),
    acted: booleanOr(item.acted, false),
    ...(summary?.warmPool === undefined ? {} : { warmPool: summary.warmPool }),
    // What held the decision back (kill switch, pause, shadow), so explain can say it was not acted on.
    ...(summary?.heldBy ? { heldBy: summary.heldBy } : {}),
    ...(summary?.forecast === undefined ? {} : { forecast: summary.forecast }),
  };
}
