import type { GroupScaleIn, PolicyStatus, ScalingAction, TargetState } from "../engine/ports/TargetState";
import { INITIAL_POLICY_STATE, type PolicyState } from "../policy/PolicyState";
import { fromDecisionSummaryItem } from "./fromDecisionSummaryItem";
import { asRecord, booleanOr, numberOr, stringOr, versionOf } from "./itemFields";

/**
 * The TargetState of a state-table item (see toStateItem). Never throws: the version is always kept (the
 * next write is conditional on it, so a damaged item is overwritten rather than blocking its target), and a
 * missing or mistyped part reads as its initial value (missing policy state → INITIAL_POLICY_STATE fields,
 * a malformed action, decision, last-known-good or status → null). Items written by older releases that
 * lack a newer field therefore read as if that field had its initial value.
 */
export function fromStateItem(item: Record<string, unknown>): TargetState {
  return {
    targetId: stringOr(item.targetId, ""),
    version: versionOf(item.version),
    target: numberOr(item.target, null),
    policyState: readPolicyState(item.policyState),
    action: readAction(item.action),
    lastDecision: fromDecisionSummaryItem(item.lastDecision),
    lastKnownGood: readLastKnownGood(item.lastKnownGood),
    policyStatus: readPolicyStatus(item.policyStatus),
    groupScaleIn: readGroupScaleIn(item.groupScaleIn),
    updatedAt: numberOr(item.updatedAt, 0),
  };
}

function readPolicyState(value: unknown): PolicyState {
  const p = asRecord(value);
  if (p === undefined) return INITIAL_POLICY_STATE;
  const i = INITIAL_POLICY_STATE;
  const recentUps: { at: number; added: number }[] = [];
  for (const entry of Array.isArray(p.recentUps) ? p.recentUps : []) {
    const up = asRecord(entry);
    const at = numberOr(up?.at, null);
    const added = numberOr(up?.added, null);
    if (at !== null && added !== null) recentUps.push({ at, added });
  }
  return {
    counter: numberOr(p.counter, i.counter),
    ts: numberOr(p.ts, i.ts),
    floor: numberOr(p.floor, i.floor),
    lastScaleUpAt: numberOr(p.lastScaleUpAt, i.lastScaleUpAt),
    lastScaleDownAt: numberOr(p.lastScaleDownAt, i.lastScaleDownAt),
    recentUps,
    metricFailures: numberOr(p.metricFailures, i.metricFailures),
    ...("lastRunning" in p ? { lastRunning: numberOr(p.lastRunning, null) } : {}),
    ...("seenUntil" in p ? { seenUntil: numberOr(p.seenUntil, null) } : {}),
    ...("downFloor" in p ? { downFloor: numberOr(p.downFloor, null) } : {}),
  };
}

function readAction(value: unknown): ScalingAction | null {
  const a = asRecord(value);
  const id = stringOr(a?.id, null);
  const desiredReplicas = numberOr(a?.desiredReplicas, null);
  const intendedAt = numberOr(a?.intendedAt, null);
  const decidedAt = numberOr(a?.decidedAt, null);
  if (id === null || desiredReplicas === null || intendedAt === null || decidedAt === null) return null;
  const decidedBy = stringOr(a?.decidedBy, null);
  return {
    id,
    desiredReplicas,
    desiredInstances: numberOr(a?.desiredInstances, null),
    intendedAt,
    decidedAt,
    appliedAt: numberOr(a?.appliedAt, null),
    error: stringOr(a?.error, null),
    ...(decidedBy === null ? {} : { decidedBy }),
  };
}

function readLastKnownGood(value: unknown): TargetState["lastKnownGood"] {
  const g = asRecord(value);
  const body = asRecord(g?.body);
  if (g === undefined || body === undefined) return null;
  return { version: versionOf(g.version), body };
}

function readPolicyStatus(value: unknown): PolicyStatus | null {
  const s = asRecord(value);
  const valid = booleanOr(s?.valid, null);
  if (s === undefined || valid === null) return null;
  const problems: { path: string; message: string }[] = [];
  for (const entry of Array.isArray(s.problems) ? s.problems : []) {
    const problem = asRecord(entry);
    if (problem !== undefined) {
      problems.push({ path: stringOr(problem.path, "$"), message: stringOr(problem.message, "") });
    }
  }
  return { version: versionOf(s.version), valid, problems, checkedAt: numberOr(s.checkedAt, 0) };
}

/**
 * The idle-instance timers. An item written before timers were kept count by count holds one `since` for
 * all the instances above the plan: it reads as one step at 0 instances, which the next round raises to its
 * plan (instanceIdleHold), so those instances fall together at since + instance_idle_s, as they then would.
 */
function readGroupScaleIn(value: unknown): GroupScaleIn | null {
  const g = asRecord(value);
  const group = stringOr(g?.group, null);
  if (group === null) return null;
  const legacySince = numberOr(g?.since, null);
  if (!Array.isArray(g?.steps))
    return legacySince === null ? null : { group, steps: [{ instances: 0, since: legacySince }] };
  const steps = [];
  for (const entry of g.steps) {
    const step = asRecord(entry);
    const instances = numberOr(step?.instances, null);
    const since = numberOr(step?.since, null);
    if (instances !== null && since !== null) steps.push({ instances, since });
  }
  if (steps.length === 0) return null;
  const kept = numberOr(g?.kept, null);
  return kept === null ? { group, steps } : { group, steps, kept };
}
