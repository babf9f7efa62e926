import type { ProviderScaling } from "../ports/OtherControllers";
import { effectiveCapacity } from "./capacityMode";
import type { GroupClaim } from "./groupClaims";

/** The targets each Auto Scaling group sums, and why some of them may not set it. */
export interface GroupSettings {
  readonly groupMembers: ReadonlyMap<string, readonly string[]>;
  readonly groupConflicts: ReadonlyMap<string, string>;
}

/**
 * One controller per group, pure: on each group, the targets in effective mode `direct` are its members
 * (driftless sets it once for the sum of their tasks). Settings that cannot share a group hold it for every
 * target involved, each reason naming the others: a target leaving the group to ECS (mode `managed`) beside
 * one setting it, or members that disagree on `gpus_per_instance`.
 */
export function groupSettings(
  claims: ReadonlyMap<string, readonly GroupClaim[]>,
  facts: { readonly providers: readonly ProviderScaling[]; readonly providersError: string | null },
): GroupSettings {
  const groupMembers = new Map<string, readonly string[]>();
  // Made only when two targets share a group: a group of one target's own conflicts with nothing.
  let conflicts: Map<string, string> | undefined;
  for (const [group, onGroup] of claims) {
    // A group of one target's own: a member when driftless sets it, nothing to conflict with.
    if (onGroup.length === 1) {
      const only = onGroup[0]!;
      if (effectiveCapacity({ capacity: only.capacity, ...facts }).mode === "direct")
        groupMembers.set(group, [only.targetId]);
      continue;
    }
    // A claim whose stored section does not parse is a member (its tasks are on the group) without settings.
    const modes = onGroup.map((c) => ({
      claim: c,
      mode: effectiveCapacity({ capacity: c.capacity, ...facts }).mode,
    }));
    const direct = modes.filter((m) => m.mode === "direct").map((m) => m.claim);
    const managed = modes.filter((m) => m.mode === "managed").map((m) => m.claim);
    if (direct.length > 0)
      groupMembers.set(
        group,
        direct.map((c) => c.targetId),
      );
    if (direct.some((c) => c.parsed) && managed.some((c) => c.parsed)) {
      const text = `Auto Scaling group ${group} is set directly for ${labels(direct)} but left to ECS by ${labels(managed)}: one controller per group (give every target on it one capacity mode)`;
      conflicts ??= new Map();
      for (const c of [...direct, ...managed]) conflicts.set(c.targetId, text);
      continue;
    }
    const sizes = new Set(direct.filter((c) => c.parsed).map((c) => c.capacity.gpus_per_instance));
    if (sizes.size > 1) {
      const each = direct
        .filter((c) => c.parsed)
        .map((c) => `${c.targetId} (${c.capacity.gpus_per_instance})`)
        .join(", ");
      const text = `targets on Auto Scaling group ${group} disagree on gpus_per_instance: ${each}; one group has one instance type (give them one value)`;
      conflicts ??= new Map();
      for (const c of direct) conflicts.set(c.targetId, text);
    }
  }
  return { groupMembers, groupConflicts: conflicts ?? NO_CONFLICTS };
}

const NO_CONFLICTS: ReadonlyMap<string, string> = new Map();

function labels(claims: readonly GroupClaim[]): string {
  const each = claims.map((c) => `${c.targetId} (capacity ${c.capacity.mode})`);
  return `target${claims.length > 1 ? "s" : ""} ${each.join(", ")}`;
}
