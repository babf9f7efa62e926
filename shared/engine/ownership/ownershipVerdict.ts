import type { ResolvedPolicy } from "../../policy/ResolvedPolicy";
import { effectiveCapacity, providerOver } from "./capacityMode";
import type { OwnershipFacts } from "./OwnershipFacts";
import { applicationScalingText, managedScalingText, rivalText, unreadText } from "./ownershipTexts";
import { scalableResourceId } from "./serviceClaim";

/** Whether driftless may act for a target: `hold` stops every action, `groupHold` only the group's. */
export interface OwnershipVerdict {
  readonly hold: string | null;
  readonly groupHold: string | null;
  /** The Auto Scaling group driftless sets for the target (effective mode `direct`, not held); else absent. */
  readonly setsGroup?: string;
  /** How capacity `auto` chose its mode (e.g. `capacity auto → direct: …`); null for a stated mode. */
  readonly capacityNote?: string | null;
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
 * capacity mode `direct` on a provider with managed scaling, or settings on its group that conflict with
 * another target's there, hold the group only (tasks still scale); capacity `auto` takes its effective mode.
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
  // No resource id is built for a round whose read found no scaler at all (the usual round).
  const scaler =
    facts.scalers.size === 0
      ? undefined
      : facts.scalers.get(scalableResourceId(target.cluster, target.service));
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
  const group = groupVerdict(facts, target);
  // The fields of `{ hold, ...group }` in that order, listed rather than spread (this runs per target per round).
  return group.setsGroup === undefined
    ? { hold, groupHold: group.groupHold, capacityNote: group.capacityNote }
    : { hold, groupHold: group.groupHold, setsGroup: group.setsGroup, capacityNote: group.capacityNote };
}

function groupVerdict(
  facts: OwnershipFacts,
  target: { readonly targetId: string; readonly policy: ResolvedPolicy },
): Omit<OwnershipVerdict, "hold"> {
  const capacity = target.policy.target?.capacity;
  const effective = effectiveCapacity({
    capacity,
    providers: facts.providers,
    providersError: facts.providersError,
  });
  // Said only where `auto` had a choice: a group named (without one it is plainly `managed`).
  const capacityNote = capacity?.auto_scaling_group === undefined ? null : effective.why;
  const conflict = facts.groupConflicts.get(target.targetId) ?? null;
  if (capacity === undefined || effective.mode === "managed") return { groupHold: conflict, capacityNote };
  if (effective.mode === "unknown") return { groupHold: effective.why, capacityNote: null };
  const named = capacity.capacity_provider;
  const group = capacity.auto_scaling_group;
  const provider = providerOver(facts.providers, named, group);
  const groupHold =
    conflict ??
    (provider?.managedScaling === true
      ? managedScalingText(provider.provider)
      : facts.providersError !== null
        ? unreadText(
            `capacity provider ${named ?? `of group ${group}`}'s managed scaling`,
            facts.providersError,
          )
        : null);
  return groupHold === null && group !== undefined
    ? { groupHold, setsGroup: group, capacityNote }
    : { groupHold, capacityNote };
}
