import type { Runtime } from "../../shared/runtime/buildRuntime";
import { parseStreamEvent } from "./parseStreamEvent";
import { type SyncOutcome, syncPolicyChange } from "./syncPolicyChange";

/** The stream mapping's partial-batch response: the records to retry. */
export interface PolicySyncResult {
  readonly batchItemFailures: { itemIdentifier: string }[];
  readonly outcomes: readonly SyncOutcome[];
}

/**
 * The policy-sync function: for each change of the policies table, validates the item, records its
 * status, and syncs the target's alarms. A record that fails (AWS error) is reported back for retry;
 * an unreadable record is logged and dropped (retrying it cannot help).
 */
export async function handlePolicySync(runtime: Runtime, event: unknown): Promise<PolicySyncResult> {
  const parsed = parseStreamEvent(event);
  if (!parsed.ok) {
    runtime.logger.error("policy-sync event refused", { problems: parsed.problems });
    return { batchItemFailures: [], outcomes: [] };
  }
  for (const r of parsed.parsed.rejected) runtime.logger.error("stream record refused", { ...r });
  const failures: { itemIdentifier: string }[] = [];
  const outcomes: SyncOutcome[] = [];
  for (const change of parsed.parsed.changes) {
    try {
      const outcome = await syncPolicyChange(runtime.deps, runtime.alarms, change);
      outcomes.push(outcome);
      runtime.logger.info("policy synced", { ...outcome });
    } catch (error) {
      runtime.logger.error("policy sync failed; the record will be retried", {
        targetId: change.targetId,
        error: error as Error,
      });
      failures.push({ itemIdentifier: change.itemIdentifier });
    }
  }
  return { batchItemFailures: failures, outcomes };
}
