import { DEFAULT_STALE_AFTER_S, type MetricRef } from "../policy/PolicySchema";
import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { MetricQuery } from "./ports/MetricsSource";

/** Which query ids belong to one target, by role. */
export interface TargetQueryIds {
  readonly load: readonly string[];
  readonly backlog: string | null;
  readonly latency: string | null;
}

/**
 * The CloudWatch queries a round needs: every target's load metrics, backlog and SLO latency.
 * Ids are `t<index>_<role>` (GetMetricData ids must start with a lower-case letter).
 */
export function buildMetricQueries(targets: readonly { readonly policy: ResolvedPolicy }[]): {
  queries: MetricQuery[];
  ids: TargetQueryIds[];
} {
  const queries: MetricQuery[] = [];
  const ids = targets.map(({ policy }, i) => {
    const add = (ref: MetricRef, role: string): string => {
      const id = `t${i}_${role}`;
      queries.push({
        id,
        namespace: ref.namespace,
        name: ref.name,
        dimensions: ref.dimensions,
        statistic: ref.statistic,
        periodS: ref.period_s,
      });
      return id;
    };
    return {
      load: policy.load ? policy.load.metrics.map((m, j) => add(m, `l${j}`)) : [],
      backlog: policy.load?.backlog ? add(policy.load.backlog, "b") : null,
      latency: policy.slo ? add(policy.slo.metric, "s") : null,
    };
  });
  return { queries, ids };
}

/** How far back a round must read so every target's look-back and staleness check is covered. */
export function metricWindowS(policy: ResolvedPolicy): number {
  const periods = [
    ...(policy.load?.metrics.map((m) => m.period_s) ?? []),
    policy.load?.backlog?.period_s ?? 0,
    policy.slo?.metric.period_s ?? 0,
  ];
  const longest = Math.max(10, ...periods);
  return Math.max(policy.lookBackPeriodS, policy.load?.stale_after_s ?? DEFAULT_STALE_AFTER_S) + 2 * longest;
}
