import { DEFAULT_STALE_AFTER_S, type MetricRef } from "../policy/PolicySchema";
import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { MetricQuery } from "./ports/MetricsSource";

/** Which query ids belong to one target, by role. */
export interface TargetQueryIds {
  readonly load: readonly string[];
  readonly backlog: string | null;
  readonly latency: string | null;
}

const NO_LOAD_IDS: readonly string[] = Object.freeze([]);

/** One target's part of a round's queries, as built for its place in the round. */
export interface TargetQueries {
  /** The target's index among the round's targets: its query ids name it. */
  readonly index: number;
  readonly queries: readonly MetricQuery[];
  readonly ids: TargetQueryIds;
}

/**
 * The CloudWatch queries a round needs: every target's load metrics, backlog and SLO latency.
 * Ids are `t<index>_<role>` (GetMetricData ids must start with a lower-case letter). With `memo` (the
 * engine's memory), a policy's queries built for the same index in an earlier round are reused: they are
 * the same queries (frozen, never changed), so a steady fleet builds none.
 */
export function buildMetricQueries(
  targets: readonly { readonly policy: ResolvedPolicy }[],
  memo?: WeakMap<ResolvedPolicy, TargetQueries>,
): {
  queries: MetricQuery[];
  ids: TargetQueryIds[];
} {
  const queries: MetricQuery[] = [];
  const ids = new Array<TargetQueryIds>(targets.length);
  for (let i = 0; i < targets.length; i++) {
    const { policy } = targets[i]!;
    let built = memo?.get(policy);
    if (built === undefined || built.index !== i) {
      built = targetQueries(policy, i);
      memo?.set(policy, built);
    }
    for (const q of built.queries) queries.push(q);
    ids[i] = built.ids;
  }
  return { queries, ids };
}

/** The queries of the target at `index` with `policy`, in role order (load metrics, backlog, latency). */
function targetQueries(policy: ResolvedPolicy, index: number): TargetQueries {
  const queries: MetricQuery[] = [];
  const load = policy.load;
  const ids: TargetQueryIds = Object.freeze({
    load: load
      ? Object.freeze(load.metrics.map((m, j) => addQuery(queries, m, `t${index}_l${j}`)))
      : NO_LOAD_IDS,
    backlog: load?.backlog ? addQuery(queries, load.backlog, `t${index}_b`) : null,
    latency: policy.slo ? addQuery(queries, policy.slo.metric, `t${index}_s`) : null,
  });
  return { index, queries: Object.freeze(queries), ids };
}

/** Appends the query of `ref` under `id`; returns the id. */
function addQuery(queries: MetricQuery[], ref: MetricRef, id: string): string {
  queries.push(
    Object.freeze({
      id,
      namespace: ref.namespace,
      name: ref.name,
      dimensions: ref.dimensions,
      statistic: ref.statistic,
      periodS: ref.period_s,
    }),
  );
  return id;
}

/** How far back a round must read so every target's look-back and staleness check is covered. */
export function metricWindowS(policy: ResolvedPolicy): number {
  const load = policy.load;
  let longest = Math.max(10, load?.backlog?.period_s ?? 0, policy.slo?.metric.period_s ?? 0);
  if (load) for (const m of load.metrics) longest = Math.max(longest, m.period_s);
  return Math.max(policy.lookBackPeriodS, load?.stale_after_s ?? DEFAULT_STALE_AFTER_S) + 2 * longest;
}
