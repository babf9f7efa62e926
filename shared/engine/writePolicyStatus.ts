import { StateConflictError } from "../errors/StateConflictError";
import { freshTargetState } from "./freshTargetState";
import type { PolicyValidation } from "./policyStatusRule";
import { planPolicyStatus } from "./policyStatusRule";
import type { StateStore } from "./ports/StateStore";
import type { TargetState } from "./ports/TargetState";

/** Conditional writes tried before giving up: another writer (an evaluation, policy-sync) may hold the item. */
const ATTEMPTS = 5;

/**
 * The policy-status writer of the evaluation and of policy-sync: records `validation` in `targetId`'s state
 * by the one rule (planPolicyStatus), conditionally on the version read. On a conflict it reads the state
 * again and re-applies the rule, a few times. `known` is a state already read (the evaluation's snapshot),
 * used for the first attempt instead of a read. Returns whether it wrote; throws the store's errors, and a
 * StateConflictError when every attempt lost.
 */
export async function writePolicyStatus(args: {
  readonly states: Pick<StateStore, "get" | "put">;
  readonly targetId: string;
  /** null: the policy item was deleted (see planPolicyStatus). */
  readonly validation: PolicyValidation | null;
  readonly now: number;
  readonly known?: { readonly state: TargetState | undefined };
}): Promise<boolean> {
  const { states, targetId } = args;
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    const current = attempt === 0 && args.known ? args.known.state : await states.get(targetId);
    // Nothing to forget about a target never written.
    if (current === undefined && args.validation === null) return false;
    const base = current ?? freshTargetState(targetId);
    const next = planPolicyStatus({ state: base, validation: args.validation, now: args.now });
    if (next === undefined) return false;
    try {
      await states.put(next, base.version);
      return true;
    } catch (error) {
      if (!(error instanceof StateConflictError)) throw error;
    }
  }
  throw new StateConflictError(`state ${targetId} (policy status)`);
}
