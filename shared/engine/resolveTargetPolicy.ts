import { parsePolicy } from "../policy/parsePolicy";
import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
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
 */
export function resolveTargetPolicy(
  record: PolicyRecord,
  state: TargetState | undefined,
  now: number,
): TargetPolicy {
  const parsed = parsePolicy(record.body);
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
    const previous = parsePolicy(good.body);
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
