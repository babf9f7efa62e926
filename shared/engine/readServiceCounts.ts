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
  const byCluster = new Map<string, RunnableTarget[]>();
  for (const t of targets) {
    const members = byCluster.get(t.cluster);
    if (members) members.push(t);
    else byCluster.set(t.cluster, [t]);
  }
  const answers = new Map<string, CountsAnswer>();
  await eachConcurrently(byCluster, async ([cluster, members]) => {
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

/** The distinct services of a cluster's members, in order (no set for the usual one member). */
function servicesOf(members: readonly RunnableTarget[]): string[] {
  if (members.length === 1) return [members[0]!.service];
  return [...new Set(members.map((m) => m.service))];
}
