import type { EngineDeps } from "./EngineDeps";
import { eachConcurrently } from "./eachConcurrently";
import { errorText } from "./errorText";
import type { HostedTasks } from "./ports/CapacityScaler";
import { managedGroupOf } from "./readGroupCapacities";
import type { RunnableTarget } from "./TargetSnapshot";

/** What one ECS cluster's container instances host, or why it is unknown this round. */
export type HostedAnswer =
  | { readonly ok: true; readonly hosts: ReadonlyMap<string, HostedTasks> }
  | { readonly ok: false; readonly error: string };

const NONE: ReadonlyMap<string, HostedAnswer> = new Map();
/** NONE, already resolved: a round without a group to set starts no async call for it. */
const NONE_READ: Promise<ReadonlyMap<string, HostedAnswer>> = Promise.resolve(NONE);

/**
 * Which instances host tasks, per ECS cluster of the targets that may set an Auto Scaling group (capacity
 * mode `direct`, or `auto` with a group named): one read per cluster per round, in parallel. A failed read
 * is an answer (its groups are then not lowered), never thrown.
 */
export function readHostedTasks(
  deps: Pick<EngineDeps, "capacity">,
  runnable: readonly RunnableTarget[],
): Promise<ReadonlyMap<string, HostedAnswer>> {
  const clusters = managedClusters(runnable);
  return clusters.length === 0 ? NONE_READ : readClusters(deps, clusters);
}

async function readClusters(
  deps: Pick<EngineDeps, "capacity">,
  clusters: readonly string[],
): Promise<ReadonlyMap<string, HostedAnswer>> {
  const answers = new Map<string, HostedAnswer>();
  await eachConcurrently(clusters, async (cluster) => {
    try {
      answers.set(cluster, { ok: true, hosts: await deps.capacity.hostedTasks(cluster) });
    } catch (error) {
      answers.set(cluster, { ok: false, error: errorText(error) });
    }
  });
  return answers;
}

/** The clusters of the targets that may set a group, each once, in order; no set for the usual one cluster. */
function managedClusters(runnable: readonly RunnableTarget[]): string[] {
  let first: string | undefined;
  let more: Set<string> | undefined;
  for (const t of runnable) {
    if (managedGroupOf(t.policy) === undefined) continue;
    if (first === undefined) first = t.cluster;
    else if (t.cluster !== first) {
      more ??= new Set([first]);
      more.add(t.cluster);
    }
  }
  return more !== undefined ? [...more] : first === undefined ? [] : [first];
}
