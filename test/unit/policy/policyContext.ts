import type { DecisionInput } from "../../../shared/policy/decide";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import { INITIAL_POLICY_STATE, type PolicyState } from "../../../shared/policy/PolicyState";
import { validatePolicy } from "../../../shared/policy/parsePolicy";
import type { ResolvedPolicy } from "../../../shared/policy/ResolvedPolicy";

/** A validated policy from a partial item (test shorthand). */
export const policyOf = (item: PolicyInput): ResolvedPolicy => validatePolicy(item);

/** A decision input with sensible defaults: target = current, fresh state, now = 1000. */
export function contextOf(
  over: Partial<Omit<DecisionInput, "load" | "state">> & {
    total?: number | null;
    state?: Partial<PolicyState>;
    load?: DecisionInput["load"];
  },
): DecisionInput {
  const current = over.currentReplicas ?? 1;
  const { total, state, load, ...rest } = over;
  return {
    now: 1000,
    currentReplicas: current,
    targetReplicas: current,
    ...rest,
    state: { ...INITIAL_POLICY_STATE, ...state },
    load: load ?? { total: total === undefined ? 0 : total },
  };
}
