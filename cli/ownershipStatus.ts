import type { EngineDeps } from "../shared/engine/EngineDeps";
import type { OwnershipFacts } from "../shared/engine/ownership/OwnershipFacts";
import {
  type OwnedTarget,
  type OwnershipVerdict,
  ownershipVerdict,
} from "../shared/engine/ownership/ownershipVerdict";
import { readOwnership } from "../shared/engine/ownership/readOwnership";
import type { PolicyRecord } from "../shared/engine/ports/PolicyStore";
import type { TargetState } from "../shared/engine/ports/TargetState";
import { parsePolicy } from "../shared/policy/parsePolicy";
import { policyHealth } from "./format/policyHealth";

/** What `status` says per target: who else stops driftless acting, and who sets its instances. */
export interface OwnershipStatus {
  readonly conflicts: ReadonlyMap<string, readonly string[]>;
  readonly capacity: ReadonlyMap<string, readonly string[]>;
}

/**
 * What `status` says about each target's ownership, now, by the engine's read and verdict over every
 * stored policy: the other controller that stops driftless acting (all of it, or the group only), and
 * who sets its instances (the mode capacity `auto` chose and why; the targets it shares a direct group
 * with). Targets with nothing to say are absent.
 */
export async function ownershipStatus(
  ctx: Pick<EngineDeps, "appScaling" | "capacityProviders">,
  listed: readonly PolicyRecord[],
  states: ReadonlyMap<string, TargetState>,
): Promise<OwnershipStatus> {
  const owned: OwnedTarget[] = listed.flatMap((r) => {
    const body = policyHealth(r, states.get(r.targetId)).runningBody;
    const parsed = body === undefined ? undefined : parsePolicy(body);
    const target = parsed?.ok ? parsed.policy.target : undefined;
    return parsed?.ok && target
      ? [{ targetId: r.targetId, cluster: target.cluster, service: target.service, policy: parsed.policy }]
      : [];
  });
  const read = await readOwnership(ctx, { runnable: owned, listed });
  // A read this operator may not make says nothing about the runtime's (its role may): said apart.
  const facts = { ...read, scalersError: null, providersError: null };
  const unread = [read.scalersError, read.providersError].flatMap((e) =>
    e === null ? [] : [`not checked from here: ${e}`],
  );
  const conflicts = new Map<string, string[]>();
  const capacity = new Map<string, string[]>();
  for (const t of owned) {
    const verdict = ownershipVerdict(facts, t);
    const said = [
      ...(verdict.hold === null ? [] : [`not acting: ${verdict.hold}`]),
      ...(verdict.groupHold === null ? [] : [`instances not set: ${verdict.groupHold}`]),
      ...unread,
    ];
    if (said.length > 0) conflicts.set(t.targetId, said);
    const instances = capacityLines(read.providersError === null ? verdict : undefined, facts, t.targetId);
    if (instances.length > 0) capacity.set(t.targetId, instances);
  }
  return { conflicts, capacity };
}

/** Who sets a target's instances, when there is something to say: auto's choice, a shared group. */
function capacityLines(
  verdict: OwnershipVerdict | undefined,
  facts: OwnershipFacts,
  targetId: string,
): string[] {
  const group = verdict?.setsGroup;
  const others =
    group === undefined ? [] : (facts.groupMembers.get(group) ?? []).filter((id) => id !== targetId);
  return [
    ...(verdict?.capacityNote ? [verdict.capacityNote] : []),
    ...(others.length > 0
      ? [
          `Auto Scaling group ${group} shared with ${others.join(", ")}: driftless sets it once per round for the sum of their tasks`,
        ]
      : []),
  ];
}
