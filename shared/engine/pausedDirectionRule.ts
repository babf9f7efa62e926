import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { ActionHold } from "./ports/TargetState";

/**
 * Partial pause in the engine, one rule: the decision already holds the paused direction (the policy's
 * last step), and no action may move the ECS count that way either, so a count set outside is not
 * restored in the held direction (`"scale_in"`: never lowered; `"scale_out"`: never raised). Null when
 * the action is allowed.
 */
export function pausedDirectionHold(args: {
  readonly policy: ResolvedPolicy;
  /** The ECS desired count as read, and the decided target an action would set it to. */
  readonly serviceDesired: number;
  readonly desired: number;
}): ActionHold | null {
  const { policy, serviceDesired, desired } = args;
  if (policy.pausedDirection === "scale_in" && desired < serviceDesired) return "paused";
  if (policy.pausedDirection === "scale_out" && desired > serviceDesired) return "paused";
  return null;
}
