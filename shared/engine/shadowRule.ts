import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { ServiceCounts } from "./ports/ServiceScaler";
import type { ActionHold } from "./ports/TargetState";

/**
 * Shadow mode (`"shadow": true`), one rule: the target is measured, decided and recorded as if live (its
 * decided target and policy state evolve from its own decisions, and its "current replicas" are the
 * service's real running count, whatever set them), but actions are held like a pause, so nothing is
 * called on ECS or Auto Scaling, not even to reconcile. Null when the policy is live.
 */
export function shadowHold(policy: ResolvedPolicy): ActionHold | null {
  return policy.shadow ? "shadow" : null;
}

/** What a shadow decision adds to its reason: what driftless would set beside what the service has. */
export function shadowNote(args: { readonly desired: number; readonly counts: ServiceCounts }): string {
  const { desired, counts } = args;
  const running = counts.running === counts.desired ? "" : ` (${counts.running} running)`;
  return ` [shadow: would set ${desired}, service has ${counts.desired}${running}]`;
}
