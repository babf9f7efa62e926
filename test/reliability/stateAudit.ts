/**
 * Checks on what evaluations committed: every decision that reached the state table is in the history, and
 * no committed state update was lost (two evaluations never both believe they wrote the same version).
 */
import type { TargetOutcome } from "../../shared/engine/evaluateRound";
import type { DecisionRecord } from "../../shared/engine/ports/DecisionLog";
import type { TargetState } from "../../shared/engine/ports/TargetState";

/** The state version an evaluation id (`${targetId}:${version}:${unique}`) was written at. */
export function versionOfEvaluation(targetId: string, evaluationId: string): number | undefined {
  if (!evaluationId.startsWith(`${targetId}:`)) return undefined;
  const version = Number(evaluationId.slice(targetId.length + 1).split(":")[0]);
  return Number.isSafeInteger(version) ? version : undefined;
}

/** Decisions (evaluation ids) that some committed state write carried, by target, in commit order. */
export function committedDecisions(writes: readonly TargetState[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const w of writes) {
    const id = w.lastDecision?.evaluationId;
    if (id === undefined) continue;
    const list = out.get(w.targetId) ?? [];
    if (!list.includes(id)) list.push(id);
    out.set(w.targetId, list);
  }
  return out;
}

/** Committed decisions the history lacks, and history records of decisions never committed. */
export function historyGaps(
  writes: readonly TargetState[],
  records: readonly DecisionRecord[],
): { missing: string[]; phantom: string[] } {
  const committed = new Set([...committedDecisions(writes).values()].flat());
  const logged = new Set(records.map((r) => r.evaluationId));
  return {
    missing: [...committed].filter((id) => !logged.has(id)),
    phantom: [...logged].filter((id) => !committed.has(id)),
  };
}

/**
 * Lost updates seen from the writers' side: evaluations whose outcome says they won their conditional write
 * (a decided or acted-on outcome carries the record) claim a version; a version claimed twice for one target
 * means one committed update overwrote another.
 */
export function lostUpdates(outcomes: readonly TargetOutcome[]): number {
  const claims = new Map<string, number>();
  for (const o of outcomes) {
    const id = o.record?.evaluationId;
    if (id === undefined) continue;
    const key = `${o.targetId}\u0000${versionOfEvaluation(o.targetId, id)}`;
    claims.set(key, (claims.get(key) ?? 0) + 1);
  }
  let lost = 0;
  for (const n of claims.values()) lost += n - 1;
  return lost;
}

/** Lost updates seen from the store's side: per target, each successful write must build on the one before. */
export function brokenVersionChains(writes: readonly TargetState[]): number {
  const last = new Map<string, number>();
  let broken = 0;
  for (const w of writes) {
    const previous = last.get(w.targetId) ?? 0;
    if (w.version !== previous + 1) broken++;
    last.set(w.targetId, w.version);
  }
  return broken;
}
