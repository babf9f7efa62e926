import { type Capacity, CapacitySchema } from "../../policy/PolicySchema";
import type { PolicyRecord } from "../ports/PolicyStore";
import type { OwnedTarget } from "./ownershipVerdict";

/** One target that names an Auto Scaling group in its capacity section. */
export interface GroupClaim {
  readonly targetId: string;
  readonly cluster: string;
  readonly service: string;
  readonly capacity: Capacity & { readonly auto_scaling_group: string };
}

/**
 * Every target naming each Auto Scaling group, pure: a runnable target's policy as it runs, else the stored
 * body's capacity section (with the schema's defaults; a section that does not parse claims nothing). So a
 * round, a shard or `policy put` sees all the targets on a group, whatever their mode, to sum their tasks
 * or refuse settings that conflict.
 */
export function groupClaims(args: {
  readonly runnable: readonly OwnedTarget[];
  readonly listed: readonly PolicyRecord[];
}): Map<string, GroupClaim[]> {
  const byTarget = new Map<string, GroupClaim>();
  for (const r of args.listed) {
    const claim = claimOfStoredBody(r);
    if (claim) byTarget.set(r.targetId, claim);
  }
  for (const t of args.runnable) {
    const capacity = t.policy.target?.capacity;
    const group = capacity?.auto_scaling_group;
    if (capacity && group !== undefined)
      byTarget.set(t.targetId, {
        targetId: t.targetId,
        cluster: t.cluster,
        service: t.service,
        capacity: { ...capacity, auto_scaling_group: group },
      });
    else byTarget.delete(t.targetId);
  }
  const byGroup = new Map<string, GroupClaim[]>();
  for (const c of [...byTarget.values()].sort((a, b) => (a.targetId < b.targetId ? -1 : 1))) {
    const group = c.capacity.auto_scaling_group;
    byGroup.set(group, [...(byGroup.get(group) ?? []), c]);
  }
  return byGroup;
}

/** The group a stored body's capacity section names, read leniently (no validation of the rest). */
export function groupOfBody(body: Readonly<Record<string, unknown>>): string | undefined {
  const target = body.target as { capacity?: { auto_scaling_group?: unknown } } | undefined;
  const group =
    typeof target === "object" && target !== null ? target.capacity?.auto_scaling_group : undefined;
  return typeof group === "string" && group.trim() !== "" ? group : undefined;
}

function claimOfStoredBody(r: PolicyRecord): GroupClaim | undefined {
  const target = r.body.target as { cluster?: unknown; service?: unknown; capacity?: unknown } | undefined;
  if (typeof target !== "object" || target === null) return undefined;
  const parsed = CapacitySchema.safeParse(target.capacity);
  if (!parsed.success || parsed.data.auto_scaling_group === undefined) return undefined;
  if (typeof target.cluster !== "string" || typeof target.service !== "string") return undefined;
  return {
    targetId: r.targetId,
    cluster: target.cluster,
    service: target.service,
    capacity: { ...parsed.data, auto_scaling_group: parsed.data.auto_scaling_group },
  };
}
