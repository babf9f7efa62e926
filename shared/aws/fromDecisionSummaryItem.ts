import type { OutsideChanges } from "../engine/ownership/outsideChanges";
import type { WarmPoolCapacity } from "../engine/ports/CapacityScaler";
import type { ActionHold, DecisionSummary } from "../engine/ports/TargetState";
import type { TraceStep } from "../policy/DecisionTrace";
import type { ForecastFloorInput } from "../policy/decide";
import { asRecord, booleanOr, numberOr, stringOr } from "./itemFields";

const HELD_BY: readonly ActionHold[] = ["kill switch", "paused", "shadow", "another controller"];

/**
 * The DecisionSummary stored in `value` (see toDecisionSummaryItem), or null when `value` is not one (no
 * numeric `at`). Lenient about the rest: the trace may be a JSON string or a native list (unparseable: []),
 * and a mistyped field reads as its neutral value.
 */
export function fromDecisionSummaryItem(value: unknown): DecisionSummary | null {
  const item = asRecord(value);
  const at = numberOr(item?.at, null);
  if (item === undefined || at === null) return null;
  const delay = asRecord(item.pendingDelay);
  const delayDirection = delay?.direction;
  const wanted = numberOr(delay?.wanted, null);
  const since = numberOr(delay?.since, null);
  const firesAt = numberOr(delay?.firesAt, null);
  const direction = item.direction;
  return {
    evaluationId: stringOr(item.evaluationId, ""),
    at,
    desiredReplicas: numberOr(item.desiredReplicas, 0),
    previousTarget: numberOr(item.previousTarget, 0),
    direction: direction === "up" || direction === "down" ? direction : "none",
    reason: stringOr(item.reason, ""),
    intendedAt: numberOr(item.intendedAt, null),
    latenessMs: numberOr(item.latenessMs, null),
    pendingDelay:
      (delayDirection === "up" || delayDirection === "down") &&
      wanted !== null &&
      since !== null &&
      firesAt !== null
        ? { direction: delayDirection, wanted, since, firesAt }
        : null,
    trace: parseTrace(item.trace),
    // What the evaluation saw: only when stored (older items lack it).
    ...("policyVersion" in item ? { policyVersion: numberOr(item.policyVersion, null) } : {}),
    ...("running" in item ? { running: numberOr(item.running, 0) } : {}),
    ...("pending" in item ? { pending: numberOr(item.pending, 0) } : {}),
    ...("load" in item ? { load: numberOr(item.load, null) } : {}),
    ...("metricAgeS" in item ? { metricAgeS: numberOr(item.metricAgeS, null) } : {}),
    ...warmPoolOf(item.warmPool),
    ...(HELD_BY.includes(item.heldBy as ActionHold) ? { heldBy: item.heldBy as ActionHold } : {}),
    ...outsideChangesOf(item.outsideChanges),
    ...forecastOf(item.forecast),
  };
}

/** The stored warm pool as a spreadable field: absent when not stored or not a map; mistyped counts read 0. */
function warmPoolOf(value: unknown): { warmPool?: WarmPoolCapacity } {
  const pool = asRecord(value);
  if (pool === undefined) return {};
  return {
    warmPool: {
      poolState: stringOr(pool.poolState, "Stopped"),
      stopped: numberOr(pool.stopped, 0),
      running: numberOr(pool.running, 0),
      hibernated: numberOr(pool.hibernated, 0),
      preparing: numberOr(pool.preparing, 0),
      reuseOnScaleIn: pool.reuseOnScaleIn === true,
    },
  };
}

/** The stored outside changes, leniently: timestamps that are numbers, a contest with a numeric `since`. */
function outsideChangesOf(value: unknown): { outsideChanges?: OutsideChanges } {
  const item = asRecord(value);
  if (item === undefined) return {};
  const at = Array.isArray(item.at) ? item.at.filter((t): t is number => typeof t === "number") : [];
  const contested = asRecord(item.contested);
  const since = numberOr(contested?.since, null);
  return {
    outsideChanges: {
      at,
      contested: since === null ? null : { since, policyVersion: numberOr(contested?.policyVersion, null) },
    },
  };
}

/** The stored forecast floor, when whole (an item from before it, or a mangled one, has none). */
function forecastOf(value: unknown): { forecast?: ForecastFloorInput } {
  const item = asRecord(value);
  const replicas = numberOr(item?.replicas, null);
  const at = numberOr(item?.at, null);
  const madeAt = numberOr(item?.madeAt, null);
  const risenAt = numberOr(item?.risenAt, null);
  const acts = booleanOr(item?.acts, null);
  if (replicas === null || at === null || madeAt === null || risenAt === null || acts === null) return {};
  return { forecast: { replicas, at, madeAt, risenAt, acts } };
}

/** The trace steps of a stored trace (a JSON string or a list); malformed steps are left out. */
function parseTrace(value: unknown): TraceStep[] {
  let list: unknown = value;
  if (typeof value === "string") {
    try {
      list = JSON.parse(value);
    } catch {
      return [];
    }
  }
  if (!Array.isArray(list)) return [];
  const steps: TraceStep[] = [];
  for (const entry of list) {
    const step = asRecord(entry);
    if (step === undefined || typeof step.step !== "string") continue;
    steps.push({ step: step.step, out: numberOr(step.out, null), note: stringOr(step.note, "") });
  }
  return steps;
}
