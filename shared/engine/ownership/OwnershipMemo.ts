import type { PolicyRecord } from "../ports/PolicyStore";
import type { OwnershipFacts } from "./OwnershipFacts";
import type { OwnedTarget } from "./ownershipVerdict";

/**
 * The last round's ownership facts, when nothing had to be asked of another controller's API (no port, or
 * nothing for it): they then follow from the policy items and the runnable targets alone, and a round over
 * the very same items and policies (a process whose stores hand out the same objects, as the simulator's
 * do) reuses them instead of rebuilding every claim, map and array. A round reading from DynamoDB gets new
 * items and rebuilds them.
 */
export interface OwnershipMemo {
  last?: {
    readonly listed: readonly PolicyRecord[];
    readonly runnable: readonly OwnedTarget[];
    readonly facts: OwnershipFacts;
  };
}

/** The memo's facts if `args` are the same items and targets (same objects, same order) it was built from. */
export function rememberedFacts(
  memo: OwnershipMemo | undefined,
  args: { readonly runnable: readonly OwnedTarget[]; readonly listed: readonly PolicyRecord[] },
): OwnershipFacts | undefined {
  const last = memo?.last;
  if (last === undefined || last.listed.length !== args.listed.length) return undefined;
  if (last.runnable.length !== args.runnable.length) return undefined;
  for (let i = 0; i < args.listed.length; i++) if (last.listed[i] !== args.listed[i]) return undefined;
  for (let i = 0; i < args.runnable.length; i++)
    if (!sameTarget(last.runnable[i]!, args.runnable[i]!)) return undefined;
  return last.facts;
}

function sameTarget(a: OwnedTarget, b: OwnedTarget): boolean {
  return (
    a.policy === b.policy && a.targetId === b.targetId && a.cluster === b.cluster && a.service === b.service
  );
}
