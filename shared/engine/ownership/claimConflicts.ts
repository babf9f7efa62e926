import { type ServiceClaim, serviceKey } from "./serviceClaim";

/**
 * Which targets claim a service another target claims too, pure: each such target mapped to the other
 * targets on its service (sorted). Each target claims one service (pass one claim per target id).
 * Targets alone on their service are absent.
 */
export function claimConflicts(claims: readonly ServiceClaim[]): ReadonlyMap<string, readonly string[]> {
  // One claim conflicts with nothing: no map per round for a round of one target.
  if (claims.length < 2) return NO_RIVALS;
  // A service's first claimant as a plain id; a set only once a second target claims it (the usual
  // service has one target: no set per service per round).
  const byService = new Map<string, string | Set<string>>();
  for (const c of claims) {
    const key = serviceKey(c.cluster, c.service);
    const ids = byService.get(key);
    if (ids === undefined) byService.set(key, c.targetId);
    else if (typeof ids === "string") {
      if (ids !== c.targetId) byService.set(key, new Set([ids, c.targetId]));
    } else ids.add(c.targetId);
  }
  const rivals = new Map<string, string[]>();
  for (const ids of byService.values()) {
    if (typeof ids === "string" || ids.size < 2) continue;
    for (const id of ids) {
      const others = [...ids].filter((o) => o !== id);
      rivals.set(id, [...(rivals.get(id) ?? []), ...others].sort());
    }
  }
  return rivals;
}

const NO_RIVALS: ReadonlyMap<string, readonly string[]> = new Map();

/** What one target would conflict with if it claimed `claim`: the other targets already on that service. */
export function rivalsOf(claim: ServiceClaim, stored: readonly ServiceClaim[]): string[] {
  const others = stored.filter((s) => s.targetId !== claim.targetId);
  return (
    claimConflicts([claim, ...others])
      .get(claim.targetId)
      ?.slice() ?? []
  );
}
