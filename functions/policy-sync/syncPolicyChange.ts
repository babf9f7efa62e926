import { alarmSpecsFor } from "../../shared/alarms/alarmSpecsFor";
import { fromPolicyItem } from "../../shared/aws/fromPolicyItem";
import type { EngineDeps } from "../../shared/engine/EngineDeps";
import type { AlarmManager } from "../../shared/engine/ports/AlarmManager";
import type { PolicyStatus } from "../../shared/engine/ports/TargetState";
import { writePolicyStatus } from "../../shared/engine/writePolicyStatus";
import { parseStoredPolicy } from "../../shared/policy/parseStoredPolicy";
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
  alarms: AlarmManager,
  change: PolicyChange,
): Promise<SyncOutcome> {
  if (change.kind === "remove" || change.item === null) {
    // The deleted policy's status and last known-good go too: they must never run for a policy created again.
    await writePolicyStatus({
      states: deps.states,
      targetId: change.targetId,
      validation: null,
      now: deps.clock.now(),
    });
    const removed = await alarms.deleteAlarms(change.targetId);
    return { targetId: change.targetId, valid: null, alarms: [], removed };
  }
  // Read the stream image exactly as the policy store reads the table item.
  const { version, body } = fromPolicyItem(change.item);
  const parsed = parseStoredPolicy(body);
  const now = deps.clock.now();
  const status: PolicyStatus = {
    version,
    valid: parsed.ok,
    problems: parsed.ok ? [] : parsed.problems,
    checkedAt: now,
  };
  // The one policy-status writer: retries a conflict with the tick, never records over a newer version.
  await writePolicyStatus({
    states: deps.states,
    targetId: change.targetId,
    validation: { status, lastKnownGood: parsed.ok ? { version, body } : null },
    now,
  });
  if (!parsed.ok) {
    deps.observer.invalidPolicy(change.targetId, version, parsed.problems);
    return { targetId: change.targetId, valid: false, alarms: [], removed: [] };
  }
  const result = await alarms.syncAlarms(change.targetId, alarmSpecsFor(parsed.policy));
  return { targetId: change.targetId, valid: true, alarms: result.put, removed: result.deleted };
}
