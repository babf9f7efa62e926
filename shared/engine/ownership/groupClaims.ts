import { type Capacity, CapacitySchema } from "../../policy/PolicySchema";
import type { PolicyRecord } from "../ports/PolicyStore";
import type { OwnedTarget } from "./ownershipVerdict";

/** One target that names an Auto Scaling group in its capacity section. */
export interface GroupClaim {
  readonly targetId: string;
  readonly cluster: string;
  readonly service: string;
  readonly capacity: Capacity & { readonly auto_scaling_group: string };
  /**
   * False when a stored body names the group but its capacity section does not parse: the target's
   * settings are unknown (`capacity` holds the schema's defaults and the mode as stated, if valid), so its
   * group is not set until the section is fixed.
   */
  readonly parsed: boolean;
}

/**
 * Every target naming each Auto Scaling group, pure: a runnable target's policy as it runs, else the stored
 * body's capacity section (with the schema's defaults; one that does not parse claims with `parsed` false). So a
 * round, a shard or `policy put` sees all the targets on a group, whatever their mode, to sum their tasks
 * or refuse settings that conflict.
 */
export function groupClaims(args: {
  readonly runnable: readonly OwnedTarget[];
  readonly listed: readonly PolicyRecord[];
}): Map<string, GroupClaim[]> {
  const byTarget = new Map<string, GroupClaim>();
  // Built the first time a stored body names a group: most rounds' bodies name none.
  let running: Set<string> | undefined;
  for (const r of args.listed) {
    if (groupOfBody(r.body) === undefined) continue;
    running ??= new Set(args.runnable.map((t) => t.targetId));
    // A runnable target claims by its policy as it runs (below): its stored body needs no parse.
    if (running.has(r.targetId)) continue;
    const claim = claimOfStoredBody(r);
    if (claim) byTarget.set(r.targetId, claim);
  }
  for (const t of args.runnable) {
    const capacity = t.policy.target?.capacity;
    if (capacity?.auto_scaling_group !== undefined)
      byTarget.set(t.targetId, {
        targetId: t.targetId,
        cluster: t.cluster,
        service: t.service,
        capacity: capacity as Capacity & { readonly auto_scaling_group: string },
        parsed: true,
      });
  }
  const byGroup = new Map<string, GroupClaim[]>();
  for (const c of [...byTarget.values()].sort(byTargetId)) {
    const group = c.capacity.auto_scaling_group;
    const onGroup = byGroup.get(group);
    if (onGroup === undefined) byGroup.set(group, [c]);
    else onGroup.push(c);
  }
  return byGroup;
}

function byTargetId(a: GroupClaim, b: GroupClaim): number {
  return a.targetId < b.targetId ? -1 : a.targetId > b.targetId ? 1 : 0;
}

/** The group a stored body's capacity section names, read leniently (no validation of the rest). */
export function groupOfBody(body: Readonly<Record<string, unknown>>): string | undefined {
  const target = body.target as { capacity?: { auto_scaling_group?: unknown } } | undefined;
  const group =
    typeof target === "object" && target !== null ? target.capacity?.auto_scaling_group : undefined;
  return typeof group === "string" && group.trim() !== "" ? group : undefined;
}

function claimOfStoredBody(r: PolicyRecord): GroupClaim | undefined {
  const group = groupOfBody(r.body);
  if (group === undefined) return undefined;
  const target = r.body.target as { cluster?: unknown; service?: unknown; capacity?: unknown };
  if (typeof target.cluster !== "string" || typeof target.service !== "string") return undefined;
  const parsed = CapacitySchema.safeParse(target.capacity);
  const stated = CapacitySchema.shape.mode.safeParse((target.capacity as { mode?: unknown }).mode);
  const capacity = parsed.success
    ? parsed.data
    : CapacitySchema.parse({ ...(stated.success ? { mode: stated.data } : {}) });
  return {
    targetId: r.targetId,
    cluster: target.cluster,
    service: target.service,
    capacity: { ...capacity, auto_scaling_group: group },
    parsed: parsed.success,
  };
}
