import type { EngineDeps } from "./EngineDeps";
import { errorText } from "./errorText";
import { type GroupClaim, groupClaims } from "./ownership/groupClaims";
import type { PolicyRecord } from "./ports/PolicyStore";
import { managedGroupOf } from "./readGroupCapacities";
import type { RunnableTarget } from "./TargetSnapshot";

/** A target on a round's Auto Scaling group that the round does not evaluate: its tasks as ECS has them. */
export type BystanderAnswer =
  | { readonly ok: true; readonly claim: GroupClaim; readonly desired: number; readonly present: number }
  | { readonly ok: false; readonly error: string };

const NONE: ReadonlyMap<string, BystanderAnswer> = new Map();
/** NONE, already resolved: the usual round (every stored target in it) reads nothing and starts no async call. */
const NONE_READ: Promise<ReadonlyMap<string, BystanderAnswer>> = Promise.resolve(NONE);

/**
 * The tasks of the other targets on the groups this round may set (a round for a few targets, e.g. an
 * alarm's, evaluates one target of a shared group): each one's ECS desired count (driftless's last applied,
 * unless changed outside) and its running and pending tasks, one describe per cluster. So the group is set
 * for the sum of every member's tasks and never falls below the tasks present. A failed describe is an
 * answer (the group is then left as it is), never thrown.
 */
export function readGroupBystanders(
  deps: Pick<EngineDeps, "services">,
  args: { readonly runnable: readonly RunnableTarget[]; readonly listed: readonly PolicyRecord[] },
): Promise<ReadonlyMap<string, BystanderAnswer>> {
  // Every stored target runnable in this round: no other target can be on its groups.
  if (args.listed.length <= args.runnable.length) return NONE_READ;
  return readBystanders(deps, args);
}

async function readBystanders(
  deps: Pick<EngineDeps, "services">,
  args: { readonly runnable: readonly RunnableTarget[]; readonly listed: readonly PolicyRecord[] },
): Promise<ReadonlyMap<string, BystanderAnswer>> {
  const groups = new Set(args.runnable.flatMap((t) => managedGroupOf(t.policy) ?? []));
  if (groups.size === 0) return NONE;
  const inRound = new Set(args.runnable.map((t) => t.targetId));
  const claims = groupClaims(args);
  const others = [...groups].flatMap((g) =>
    (claims.get(g) ?? []).filter((c) => !inRound.has(c.targetId) && c.capacity.mode !== "managed"),
  );
  if (others.length === 0) return NONE;
  const byCluster = new Map<string, GroupClaim[]>();
  for (const c of others) if (c.parsed) byCluster.set(c.cluster, [...(byCluster.get(c.cluster) ?? []), c]);
  const answers = new Map<string, BystanderAnswer>();
  for (const c of others)
    if (!c.parsed)
      answers.set(c.targetId, { ok: false, error: "its stored capacity section does not parse" });
  await Promise.all(
    [...byCluster].map(async ([cluster, members]) => {
      try {
        const found = await deps.services.describe(cluster, [...new Set(members.map((m) => m.service))]);
        for (const claim of members) {
          const counts = found.get(claim.service);
          answers.set(
            claim.targetId,
            counts
              ? { ok: true, claim, desired: counts.desired, present: counts.running + counts.pending }
              : { ok: false, error: `ECS service ${claim.service} not found in cluster ${cluster}` },
          );
        }
      } catch (error) {
        for (const claim of members) answers.set(claim.targetId, { ok: false, error: errorText(error) });
      }
    }),
  );
  return answers;
}
