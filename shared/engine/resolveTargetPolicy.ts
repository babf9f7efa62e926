import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { PolicyCache } from "./PolicyCache";
import type { PolicyRecord } from "./ports/PolicyStore";
import type { PolicyStatus, TargetState } from "./ports/TargetState";

export interface TargetPolicy {
  /** The policy to run: the stored one when valid, else the last known-good one, else none. */
  readonly policy: ResolvedPolicy | undefined;
  readonly source: "current" | "last-known-good" | "none";
  readonly version: number | null;
  readonly status: PolicyStatus;
  readonly lastKnownGood: TargetState["lastKnownGood"];
}

/**
 * Chooses the policy a target runs with: the stored item when it validates (it becomes the last
 * known-good), else the last known-good body kept in the state, so a bad edit never stops scaling.
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
  const parsed = cache.parse({ targetId, version: record.version, body: record.body });
  if (parsed.ok) {
    return {
      policy: parsed.policy,
      source: "current",
      version: record.version,
      status: { version: record.version, valid: true, problems: [], checkedAt: now },
      lastKnownGood: { version: record.version, body: record.body },
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
      return {
        policy: previous.policy,
        source: "last-known-good",
        version: good.version,
        status,
        lastKnownGood: good,
      };
    }
  }
  return { policy: undefined, source: "none", version: null, status, lastKnownGood: good };
}
