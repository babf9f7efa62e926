import type { Logger } from "@aws-lambda-powertools/logger";
import { type Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { RoundReport } from "../engine/evaluateRound";
import type { DecisionRecord } from "../engine/ports/DecisionLog";
import type { EvaluationObserver } from "../engine/ports/EvaluationObserver";
import { METRIC } from "./metricNames";

/** Receives each round's summary (the functions log it and publish its duration and API calls). */
export interface RoundObserver {
  round(functionName: string, report: RoundReport): void;
}

/**
 * Reports every decision as one structured JSON log line (with its trace) and its figures as
 * embedded-metric-format metrics with dimension TargetId, through Powertools.
 */
export class PowertoolsObserver implements EvaluationObserver, RoundObserver {
  constructor(
    private readonly logger: Logger,
    private readonly metrics: Metrics,
  ) {}

  decision(record: DecisionRecord): void {
    this.logger.info("decision", { decision: record });
    this.metrics.addDimension("TargetId", record.targetId);
    this.metrics.addMetric(METRIC.desired, MetricUnit.Count, record.desiredReplicas);
    this.metrics.addMetric(METRIC.running, MetricUnit.Count, record.running);
    this.metrics.addMetric(METRIC.pending, MetricUnit.Count, record.pending);
    if (record.load !== null) this.metrics.addMetric(METRIC.load, MetricUnit.Count, record.load);
    if (record.latenessMs !== null)
      this.metrics.addMetric(METRIC.lateness, MetricUnit.Milliseconds, record.latenessMs);
    if (record.metricAgeS !== null)
      this.metrics.addMetric(METRIC.metricAge, MetricUnit.Seconds, record.metricAgeS);
    this.metrics.addMetric(METRIC.actions, MetricUnit.Count, record.acted ? 1 : 0);
    const outside = record.outsideChanges;
    this.metrics.addMetric(METRIC.outsideChanges, MetricUnit.Count, outside?.at.includes(record.at) ? 1 : 0);
    this.metrics.addMetric(METRIC.contested, MetricUnit.Count, outside?.contested ? 1 : 0);
    if (record.forecast !== undefined)
      this.metrics.addMetric(METRIC.forecastReplicas, MetricUnit.Count, record.forecast.replicas);
    this.metrics.publishStoredMetrics();
  }

  conflict(targetId: string, stage: "decide" | "mark-applied" | "claim"): void {
    this.logger.info("conflict: another evaluation won; standing down", { targetId, stage });
    this.metrics.addDimension("TargetId", targetId);
    this.metrics.addMetric(METRIC.conflicts, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }

  invalidPolicy(
    targetId: string,
    version: number,
    problems: readonly { path: string; message: string }[],
  ): void {
    this.logger.warn("invalid policy: the last known-good policy keeps running", {
      targetId,
      version,
      problems,
    });
    this.metrics.addDimension("TargetId", targetId);
    this.metrics.addMetric(METRIC.invalidPolicies, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }

  targetError(targetId: string, error: unknown): void {
    this.logger.error("target evaluation failed", { targetId, error: error as Error });
    this.metrics.addDimension("TargetId", targetId);
    this.metrics.addMetric(METRIC.targetErrors, MetricUnit.Count, 1);
    this.metrics.publishStoredMetrics();
  }

  /** One log line and two metrics per round: its wall time and the AWS calls it made. */
  round(functionName: string, report: RoundReport): void {
    const calls = Object.values(report.calls).reduce((a, b) => a + b, 0);
    this.logger.info("round", {
      targets: report.outcomes.length,
      conflicts: report.conflicts,
      errors: report.errors,
      actions: report.actions,
      invalidPolicies: report.invalidPolicies,
      durationMs: Math.round((report.finishedAt - report.startedAt) * 1000),
      calls: report.calls,
    });
    this.metrics.addDimension("Function", functionName);
    this.metrics.addMetric(
      METRIC.roundDuration,
      MetricUnit.Milliseconds,
      (report.finishedAt - report.startedAt) * 1000,
    );
    this.metrics.addMetric(METRIC.apiCalls, MetricUnit.Count, calls);
    this.metrics.publishStoredMetrics();
  }
}
