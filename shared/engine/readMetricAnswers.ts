import { buildMetricQueries, metricWindowS, type TargetQueryIds } from "./buildMetricQueries";
import type { EngineDeps } from "./EngineDeps";
import { errorText } from "./errorText";
import type { MetricAnswer } from "./ports/MetricsSource";
import type { RunnableTarget } from "./TargetSnapshot";

/** Every target's metric answers, and which query ids belong to which target (same order as the targets). */
export interface MetricReadings {
  readonly ids: readonly TargetQueryIds[];
  readonly answers: ReadonlyMap<string, MetricAnswer>;
}

/**
 * Reads every target's metrics in one batched fetch over the longest window any of them needs, ending at
 * `now`. When the fetch fails every target sees unreadable load: it holds and counts a failure, never
 * scales down.
 */
export async function readMetricAnswers(
  deps: Pick<EngineDeps, "metrics"> & { readonly memory?: Pick<EngineDeps["memory"], "queries"> },
  targets: readonly RunnableTarget[],
  now: number,
): Promise<MetricReadings> {
  const { queries, ids } = buildMetricQueries(targets, deps.memory?.queries);
  if (queries.length === 0) return { ids, answers: new Map() };
  let windowS = Number.NEGATIVE_INFINITY;
  for (const t of targets) windowS = Math.max(windowS, metricWindowS(t.policy));
  try {
    return { ids, answers: await deps.metrics.fetch(queries, now - windowS, now) };
  } catch (error) {
    const failure: MetricAnswer = { ok: false, error: errorText(error) };
    return { ids, answers: new Map(queries.map((q) => [q.id, failure])) };
  }
}
