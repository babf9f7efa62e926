import type { PolicyStatus, TargetState } from "./ports/TargetState";

/** One validation of a target's policy item: its status and, when valid, the body that becomes last known-good. */
export interface PolicyValidation {
  readonly status: PolicyStatus;
  readonly lastKnownGood: TargetState["lastKnownGood"];
}

/**
 * The one rule for recording a validation in a target's state, followed by every writer (the evaluation
 * and policy-sync): a status never replaces the status of a newer policy version (a stream record
 * replayed late, an evaluation that read the item before the latest edit), and a last known-good body
 * never replaces a newer one. Returns the status and last known-good the state should hold.
 */
export function mergePolicyValidation(args: {
  readonly state: TargetState;
  readonly validation: PolicyValidation;
}): PolicyValidation {
  const stored = args.state.policyStatus;
  const { status, lastKnownGood: good } = args.validation;
  const storedGood = args.state.lastKnownGood;
  return {
    status: stored && stored.version > status.version ? stored : status,
    lastKnownGood: good && (!storedGood || storedGood.version <= good.version) ? good : storedGood,
  };
}

/**
 * The state to write to record `validation` by the rule above, at `now`, or undefined when the state already
 * says the same (the same version with the same validity and last known-good): no write is needed.
 * `validation` null: the policy item was deleted, so its status and last known-good are forgotten (a policy
 * created again under the same id starts at version 1 and must not lose to the deleted one's versions).
 */
export function planPolicyStatus(args: {
  readonly state: TargetState;
  readonly validation: PolicyValidation | null;
  readonly now: number;
}): TargetState | undefined {
  const { state, validation } = args;
  if (validation === null) {
    if (state.policyStatus === null && state.lastKnownGood === null) return undefined;
    return {
      ...state,
      version: state.version + 1,
      policyStatus: null,
      lastKnownGood: null,
      updatedAt: args.now,
    };
  }
  const merged = mergePolicyValidation({ state, validation });
  const stored = state.policyStatus;
  const sameStatus =
    stored !== null && stored.version === merged.status.version && stored.valid === merged.status.valid;
  if (sameStatus && merged.lastKnownGood?.version === state.lastKnownGood?.version) return undefined;
  return {
    ...state,
    version: state.version + 1,
    policyStatus: merged.status,
    lastKnownGood: merged.lastKnownGood,
    updatedAt: args.now,
  };
}
