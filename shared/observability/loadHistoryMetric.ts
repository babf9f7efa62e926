import type { HistoryMetric } from "../engine/ports/LoadHistory";
import { METRIC, METRICS_NAMESPACE } from "./metricNames";

/**
 * The metric a target's load history is read from: driftless's own `Load` (the total ongoing requests plus
 * backlog each round saw, per-replica metrics already multiplied out), as Powertools publishes it: dimensions
 * `service` (POWERTOOLS_SERVICE_NAME, default "driftless") and `TargetId`. Average per period.
 */
export function loadHistoryMetric(args: {
  readonly targetId: string;
  readonly serviceName?: string;
  readonly namespace?: string;
}): HistoryMetric {
  return {
    namespace: args.namespace ?? METRICS_NAMESPACE,
    name: METRIC.load,
    dimensions: { service: args.serviceName ?? "driftless", TargetId: args.targetId },
    statistic: "Average",
  };
}
