import { aggregateWindow } from "../metrics/aggregateWindow";
import { cleanSeries } from "../metrics/cleanSeries";
import type { Series } from "../metrics/Datapoint";
import { mergeSeries } from "../metrics/mergeSeries";
import { scaleSeries } from "../metrics/scaleSeries";
import type { LoadReading } from "../policy/decide";
import { DEFAULT_STALE_AFTER_S } from "../policy/PolicySchema";
import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import type { TargetQueryIds } from "./buildMetricQueries";
import type { MetricAnswer } from "./ports/MetricsSource";

export interface Measurement {
  readonly load: LoadReading;
  readonly latencyMs: number | null;
  /** Age of the newest load datapoint (seconds), null when there is none. */
  readonly metricAgeS: number | null;
}

/**
 * Turns a target's metric answers into the load the policy sees: per-replica metrics times running
 * replicas, summed with the backlog as step functions (Ray's merge), aggregated over the look-back.
 * A failed query, no datapoints, a newest datapoint older than stale_after_s, or a total that is not a
 * plausible number (infinite, or above 2^53) is a failure to read the load (the policy then holds; it
 * never scales down on missing data). With no running replica a per-replica metric has nobody to report
 * it and counts as zero.
 */
export function measureLoad(
  policy: ResolvedPolicy,
  ids: TargetQueryIds,
  answers: ReadonlyMap<string, MetricAnswer>,
  running: number,
  now: number,
): Measurement {
  const latencyMs = readLatency(policy, ids, answers, now);
  const load = policy.load;
  if (!load)
    return { load: { total: null, failure: "the policy has no load section" }, latencyMs, metricAgeS: null };
  const parts: Series[] = [];
  let silentPerReplica = 0;
  const { metrics } = load;
  // Indexed loops, no list of roles: this runs for every target in every round.
  for (let j = 0; j < metrics.length; j++) {
    const series = cleanedAnswer(answers, ids.load[j]!, metrics[j]!.name);
    if (typeof series === "string") return failed(series, latencyMs);
    if (metrics[j]!.per !== "replica") parts.push(series);
    else if (running > 0) parts.push(scaleSeries(series, running));
    else silentPerReplica++;
  }
  if (ids.backlog && load.backlog) {
    const series = cleanedAnswer(answers, ids.backlog, load.backlog.name);
    if (typeof series === "string") return failed(series, latencyMs);
    parts.push(series);
  }
  // One cleaned series merged with nothing is itself (sorted, one point per time): skip the merge.
  const total = parts.length === 1 ? parts[0]! : mergeSeries(parts);
  const aggregate = aggregateWindow(total, {
    now,
    lookBackS: policy.lookBackPeriodS,
    fn: policy.aggregation,
  });
  if (aggregate.value === null || aggregate.newestAgeS === null) {
    if (parts.length === 0 && silentPerReplica > 0)
      return { load: { total: 0, series: [] }, latencyMs, metricAgeS: null };
    return failed("no datapoints", latencyMs);
  }
  if (!isPlausible(aggregate.value)) {
    // Values that overflow (spikes summed, a per-replica value times replicas) are a broken metric.
    return failed(`${aggregate.value} is not a plausible load (a finite number below 2^53)`, latencyMs);
  }
  if (aggregate.newestAgeS > load.stale_after_s) {
    return {
      load: {
        total: null,
        failure: `newest datapoint is ${Math.round(aggregate.newestAgeS)} s old (stale_after_s ${load.stale_after_s})`,
      },
      latencyMs,
      metricAgeS: aggregate.newestAgeS,
    };
  }
  return { load: { total: aggregate.value, series: total }, latencyMs, metricAgeS: aggregate.newestAgeS };
}

/** The cleaned series of one query's answer, or why there is none (the failure's text). */
function cleanedAnswer(
  answers: ReadonlyMap<string, MetricAnswer>,
  id: string,
  name: string,
): Series | string {
  const answer = answers.get(id);
  if (!answer) return `no answer for ${name}`;
  if (!answer.ok) return `${name}: ${answer.error}`;
  return cleanSeries(answer.series).series;
}

function failed(failure: string, latencyMs: number | null): Measurement {
  return { load: { total: null, failure }, latencyMs, metricAgeS: null };
}

function readLatency(
  policy: ResolvedPolicy,
  ids: TargetQueryIds,
  answers: ReadonlyMap<string, MetricAnswer>,
  now: number,
): number | null {
  if (!policy.slo || !ids.latency) return null;
  const answer = answers.get(ids.latency);
  if (!answer?.ok) return null;
  const series = cleanSeries(answer.series).series;
  const aggregate = aggregateWindow(series, {
    now,
    lookBackS: policy.lookBackPeriodS,
    fn: policy.aggregation,
  });
  const staleAfter = policy.load?.stale_after_s ?? DEFAULT_STALE_AFTER_S;
  if (
    aggregate.value === null ||
    !isPlausible(aggregate.value) ||
    (aggregate.newestAgeS ?? Number.POSITIVE_INFINITY) > staleAfter
  )
    return null;
  return aggregate.value;
}

/** A reading the policy can act on and the state table can hold: finite, and a safe integer's size at most. */
function isPlausible(value: number): boolean {
  return Number.isFinite(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER;
}
