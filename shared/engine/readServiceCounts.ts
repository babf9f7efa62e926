import type { EngineDeps } from "./EngineDeps";
import { eachConcurrently } from "./eachConcurrently";
import { errorText } from "./errorText";
import type { ServiceCounts } from "./ports/ServiceScaler";
import type { RunnableTarget } from "./TargetSnapshot";

/** A target's ECS counts as read, or why they could not be. */
export type CountsAnswer =
  | { readonly ok: true; readonly counts: ServiceCounts }
  | { readonly ok: false; readonly error: string };

/**
 * The ECS counts of every target, one describe per cluster (batched by the adapter), clusters in parallel.
 * A cluster that fails, or a service it does not have, is an error for those targets only.
 */
export async function readServiceCounts(
  deps: Pick<EngineDeps, "services">,
  targets: readonly RunnableTarget[],
): Promise<Map<string, CountsAnswer>> {
  const answers = new Map<string, CountsAnswer>();
  await eachConcurrently(byCluster(targets), async ([cluster, members]) => {
    try {
      const found = await deps.services.describe(cluster, servicesOf(members));
      for (const m of members) {
        const counts = found.get(m.service);
        answers.set(
          m.record.targetId,
          counts
            ? { ok: true, counts }
            : { ok: false, error: `ECS service ${m.service} not found in cluster ${cluster}` },
        );
      }
    } catch (error) {
      for (const m of members) answers.set(m.record.targetId, { ok: false, error: errorText(error) });
    }
  });
  return answers;
}

type ClusterMembers = readonly [cluster: string, members: readonly RunnableTarget[]];

/** The targets by ECS cluster, in order; the usual one cluster as the targets themselves, no map. */
function byCluster(targets: readonly RunnableTarget[]): Iterable<ClusterMembers> {
  const cluster = targets[0]?.cluster;
  let one = true;
  for (const t of targets) one &&= t.cluster === cluster;
  if (one) return cluster === undefined ? [] : [[cluster, targets]];
  const members = new Map<string, RunnableTarget[]>();
  for (const t of targets) {
    const onCluster = members.get(t.cluster);
    if (onCluster) onCluster.push(t);
    else members.set(t.cluster, [t]);
  }
  return members;
}

/** The distinct services of a cluster's members, in order (no set for the usual one member). */
function servicesOf(members: readonly RunnableTarget[]): string[] {
  if (members.length === 1) return [members[0]!.service];
  return [...new Set(members.map((m) => m.service))];
}
