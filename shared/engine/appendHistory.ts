import type { EngineDeps } from "./EngineDeps";
import type { DecisionRecord } from "./ports/DecisionLog";

/**
 * Appends decision records to the history and remembers them in the process's memory as appended. History
 * is best effort: a failed append is reported, and the state table still holds each target's last
 * decision, which the next round re-appends (lostDecisions).
 */
export async function appendHistory(
  deps: Pick<EngineDeps, "log" | "observer" | "memory">,
  records: readonly DecisionRecord[],
): Promise<void> {
  if (records.length === 0) return;
  try {
    await deps.log.append(records);
  } catch (error) {
    for (const rec of records) deps.observer.targetError(rec.targetId, error);
    return;
  }
  for (const rec of records) deps.memory.appended.set(rec.targetId, rec.evaluationId);
}
