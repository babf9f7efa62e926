import type { CloudWatchAlarmManager } from "../../shared/aws/CloudWatchAlarmManager";
import { fromPolicyItem } from "../../shared/aws/fromPolicyItem";
import type { EngineDeps } from "../../shared/engine/EngineDeps";
import { freshTargetState } from "../../shared/engine/freshTargetState";
import type { PolicyStatus, TargetState } from "../../shared/engine/ports/TargetState";
import { StateConflictError } from "../../shared/errors/StateConflictError";
import { parsePolicy } from "../../shared/policy/parsePolicy";
import { alarmSpecsFor } from "./alarmSpecsFor";
import type { PolicyChange } from "./parseStreamEvent";

export interface SyncOutcome {
  readonly targetId: string;
  readonly valid: boolean | null;
  readonly alarms: readonly string[];
  readonly removed: readonly string[];
}

/**
 * Handles one change of a policy item: validates it and records the result in the target's state
 * (so `status` shows it and a valid body becomes the last known-good), then creates, updates or
 * deletes the target's alarms. An invalid edit keeps the alarms of the last known-good policy.
 */
export async function syncPolicyChange(
  deps: Pick<EngineDeps, "states" | "clock" | "observer">,
  alarms: Pick<CloudWatchAlarmManager, "syncAlarms" | "deleteAlarms">,
  change: PolicyChange,
): Promise<SyncOutcome> {
  if (change.kind === "remove" || change.item === null) {
    const removed = await alarms.deleteAlarms(change.targetId);
    return { targetId: change.targetId, valid: null, alarms: [], removed };
  }
  // Read the stream image exactly as the policy store reads the table item.
  const { version, body } = fromPolicyItem(change.item);
  const parsed = parsePolicy(body);
  const now = deps.clock.now();
  const status: PolicyStatus = {
    version,
    valid: parsed.ok,
    problems: parsed.ok ? [] : parsed.problems,
    checkedAt: now,
  };
  await recordStatus(deps, change.targetId, status, parsed.ok ? { version, body } : null, now);
  if (!parsed.ok) {
    deps.observer.invalidPolicy(change.targetId, version, parsed.problems);
    return { targetId: change.targetId, valid: false, alarms: [], removed: [] };
  }
  const result = await alarms.syncAlarms(change.targetId, alarmSpecsFor(parsed.policy));
  return { targetId: change.targetId, valid: true, alarms: result.put, removed: result.deleted };
}

async function recordStatus(
  deps: Pick<EngineDeps, "states">,
  targetId: string,
  status: PolicyStatus,
  good: TargetState["lastKnownGood"],
  now: number,
): Promise<void> {
  // A few retries: the tick may be writing the same item; its write wins, ours re-reads and reapplies.
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await deps.states.get(targetId);
    const base: TargetState = current ?? freshTargetState(targetId);
    // An older stream record never overwrites what a newer version already recorded.
    if (base.policyStatus && base.policyStatus.version > status.version) return;
    const next: TargetState = {
      ...base,
      version: base.version + 1,
      policyStatus: status,
      lastKnownGood:
        good && (!base.lastKnownGood || base.lastKnownGood.version <= good.version)
          ? good
          : base.lastKnownGood,
      updatedAt: now,
    };
    try {
      await deps.states.put(next, base.version);
      return;
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
    }
  }
  throw new StateConflictError(`state ${targetId} (policy status)`);
}
