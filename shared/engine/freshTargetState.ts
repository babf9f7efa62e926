import { INITIAL_POLICY_STATE } from "../policy/PolicyState";
import type { TargetState } from "./ports/TargetState";

/** The state of a target never written (version 0): what a first conditional write starts from. */
export function freshTargetState(targetId: string): TargetState {
  return {
    targetId,
    version: 0,
    target: null,
    policyState: INITIAL_POLICY_STATE,
    action: null,
    lastDecision: null,
    lastKnownGood: null,
    policyStatus: null,
    groupScaleIn: null,
    updatedAt: 0,
  };
}
