import type { ResolvedPolicy } from "../../policy/ResolvedPolicy";
import type { OwnershipFacts } from "./OwnershipFacts";
import { applicationScalingText, managedScalingText, rivalText, unreadText } from "./ownershipTexts";
import { scalableResourceId } from "./serviceClaim";

/** Whether driftless may act for a target: `hold` stops every action, `groupHold` only the group's. */
export interface OwnershipVerdict {
  readonly hold: string | null;
  readonly groupHold: string | null;
}

/** A target that runs a policy on a service: what the ownership rule judges. */
export interface OwnedTarget {
  readonly targetId: string;
  readonly cluster: string;
  readonly service: string;
  readonly policy: ResolvedPolicy;
}

/** A shadow target acts on nothing, so no other controller conflicts with it (shadow mode is a policy field). */
export function isShadow(policyOrBody: unknown): boolean {
  return (policyOrBody as { shadow?: unknown } | undefined)?.shadow === true;
}

/**
 * The ownership rule, pure: one controller per service. A target whose service another target claims, or
 * that Application Auto Scaling scales (policies or scheduled actions), or whose check failed, is held;
 * capacity mode `direct` on a provider with managed scaling holds the group only (tasks still scale).
 */
export function ownershipVerdict(
  facts: OwnershipFacts,
  target: {
    readonly targetId: string;
    readonly cluster: string;
    readonly service: string;
    readonly policy: ResolvedPolicy;
  },
): OwnershipVerdict {
  const rivals = facts.rivals.get(target.targetId);
  const scaler = facts.scalers.get(scalableResourceId(target.cluster, target.service));
  const hold =
    rivals !== undefined && rivals.length > 0
      ? rivalText(target.cluster, target.service, rivals)
      : isShadow(target.policy)
        ? null
        : scaler !== undefined
          ? applicationScalingText(scaler)
          : facts.scalersError !== null
            ? unreadText("for Application Auto Scaling on the service", facts.scalersError)
            : null;
  return { hold, groupHold: groupHoldOf(facts, target) };
}

function groupHoldOf(
  facts: OwnershipFacts,
  target: { readonly targetId: string; readonly policy: ResolvedPolicy },
): string | null {
  const capacity = target.policy.target?.capacity;
  if (capacity?.mode !== "direct") return null;
  const named = capacity.capacity_provider;
  const group = capacity.auto_scaling_group;
  // The provider named, else the one over the group driftless would set (a policy may name only the group).
  const sharing = facts.groupRivals.get(target.targetId);
  if (group !== undefined && sharing !== undefined && sharing.length > 0)
    return `Auto Scaling group ${group} is also set directly by target ${sharing.join(", ")}: one target may set a group in mode "direct" (use mode "managed", or a group per target)`;
  const provider =
    named !== undefined
      ? facts.providers.find((p) => p.provider === named || named.endsWith(`/${p.provider}`))
      : facts.providers.find((p) => group !== undefined && p.group === group);
  if (provider?.managedScaling === true) return managedScalingText(provider.provider);
  if (facts.providersError !== null)
    return unreadText(
      `capacity provider ${named ?? `of group ${group}`}'s managed scaling`,
      facts.providersError,
    );
  return null;
}
