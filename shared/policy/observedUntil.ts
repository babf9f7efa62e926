import type { DecisionInput } from "./decide";
import type { ResolvedPolicy } from "./ResolvedPolicy";

/**
 * How far the load has been observed at `now`: the end of the newest load datapoint's period (a
 * datapoint is stamped with its period's start), the shortest load period when the load merges
 * several. Null when there is no timeline or the policy has no load section to give the period.
 */
export function observedUntil(policy: ResolvedPolicy, input: DecisionInput): number | null {
  const series = input.load.series;
  const load = policy.load;
  if (!series || series.length === 0 || !load) return null;
  // The timeline is sorted (cleaned): the newest point at or before now is found from the end.
  let k = series.length - 1;
  while (k >= 0 && series[k]!.t > input.now) k--;
  if (k < 0) return null;
  const newest = series[k]!.t;
  return newest + shortestPeriodS(load);
}

/** The shortest period of the load's metrics and backlog, in one pass making nothing (every decision). */
function shortestPeriodS(load: NonNullable<ResolvedPolicy["load"]>): number {
  let shortest = load.backlog ? load.backlog.period_s : Number.POSITIVE_INFINITY;
  for (const m of load.metrics) shortest = Math.min(shortest, m.period_s);
  return shortest;
}
