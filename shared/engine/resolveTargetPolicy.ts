import { type ItemHolds, itemHolds, withItemHolds } from "../policy/itemHolds";
import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { PolicyCache } from "./PolicyCache";
import type { PolicyRecord } from "./ports/PolicyStore";
import type { PolicyStatus, TargetState } from "./ports/TargetState";

export interface TargetPolicy {
  /** The policy to run: the stored one when valid, else the last known-good one (with the item's holds), else none. */
  readonly policy: ResolvedPolicy | undefined;
  /** The holds of an invalid item applied over the last known-good policy (pause always wins); empty otherwise. */
  readonly holds: ItemHolds;
  readonly source: "current" | "last-known-good" | "none";
  readonly version: number | null;
  readonly status: PolicyStatus;
  readonly lastKnownGood: TargetState["lastKnownGood"];
}

// Shared by every round and target (never changed): a valid policy's status and holds allocate nothing.
const NO_HOLDS: ItemHolds = Object.freeze({});
const NO_PROBLEMS: PolicyStatus["problems"] = Object.freeze([]);

/**
 * Chooses the policy a target runs with: the stored item when it validates (it becomes the last
 * known-good), else the last known-good body kept in the state, so a bad edit never stops scaling; the
 * invalid item's `paused` (and `shadow: true`) still apply over it, since a pause always wins.
 * Validation goes through `cache`, so an unchanged policy version is validated once, not every round.
 */
export function resolveTargetPolicy(args: {
  readonly record: PolicyRecord;
  readonly state: TargetState | undefined;
  readonly now: number;
  readonly cache: PolicyCache;
}): TargetPolicy {
  const { record, state, now, cache } = args;
  const targetId = record.targetId;
  const current = cache.lookup({ targetId, version: record.version, body: record.body });
  const parsed = current.result;
  if (parsed.ok) {
    return {
      policy: parsed.policy,
      holds: NO_HOLDS,
      source: "current",
      version: record.version,
      status: { version: record.version, valid: true, problems: NO_PROBLEMS, checkedAt: now },
      lastKnownGood: current.asLastKnownGood,
    };
  }
  const status: PolicyStatus = {
    version: record.version,
    valid: false,
    problems: parsed.problems,
    checkedAt: now,
  };
  const good = state?.lastKnownGood ?? null;
  if (good) {
    const previous = cache.parse({ targetId, version: good.version, body: good.body });
    if (previous.ok) {
      const holds = itemHolds(record.body);
      return {
        policy: withItemHolds(previous.policy, holds),
        holds,
        source: "last-known-good",
        version: good.version,
        status,
        lastKnownGood: good,
      };
    }
  }
  return { policy: undefined, holds: NO_HOLDS, source: "none", version: null, status, lastKnownGood: good };
}
