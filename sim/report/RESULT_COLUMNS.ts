import type { RunSummary } from "./RunResult";

/** A column of the results table: its header, what it means, and its cell (plain text). */
export interface ResultColumn {
  readonly header: string;
  readonly legend: string;
  readonly cell: (r: RunSummary) => string;
}

const secs = (ms: number) => (Number.isFinite(ms) ? (ms / 1000).toFixed(ms < 10_000 ? 2 : 0) : "inf");
const opt = (x: number | null, digits = 0) => (x === null ? "-" : x.toFixed(digits));

/**
 * The results table's columns, the same in `simulate`'s output and the HTML reports, each with its
 * legend (printed under the table and in the report).
 */
export const RESULT_COLUMNS: readonly ResultColumn[] = Object.freeze([
  {
    header: "trace",
    legend: "the trace simulated (a built-in name or the trace file's name)",
    cell: (r) => r.trace,
  },
  {
    header: "system",
    legend:
      "who scaled: driftless (its real engine) with the named policy file, or a model of a peer (Ray Serve; Ray Serve, before the delay fix; KEDA + HPA; ECS target tracking; Fixed fleet at max_replicas; Oracle: knows the trace, sized ahead by the longest boot plus model load, the best possible at the policy's target)",
    cell: (r) => r.label,
  },
  {
    header: "requests",
    legend: "requests counted: every request replayed, or those arriving after --measure-from",
    cell: (r) => String(r.requests),
  },
  {
    header: "SLO viol %",
    legend:
      "share of the counted requests that missed the SLO (time to first token, or a pipeline's end-to-end latency, above the target); a request never served counts as missed",
    cell: (r) => r.slo.violationsPct.toFixed(2),
  },
  {
    header: "p50/p95/p99 s",
    legend: "percentiles of the SLO latency over the counted requests, in seconds (inf: some never served)",
    cell: (r) => `${secs(r.latencyMs.p50)}/${secs(r.latencyMs.p95)}/${secs(r.latencyMs.p99)}`,
  },
  {
    header: "GPU-h",
    legend:
      "GPU-hours billed: GPUs of running instances (booting, idle or busy) from the measured start to the trace's end",
    cell: (r) => r.gpuHours.toFixed(1),
  },
  {
    header: "GPU $",
    legend: "the GPU-hours at the on-demand price (see Prices)",
    cell: (r) => r.gpuCost.toFixed(2),
  },
  {
    header: "stopped h ($)",
    legend:
      "instance-hours stopped with their disk (an Auto Scaling warm pool, Ray's cached stopped nodes) and their EBS cost; not in GPU-h",
    cell: (r) => `${r.stoppedInstanceHours.toFixed(1)} (${r.stoppedCost.toFixed(2)})`,
  },
  {
    header: "react s (desired/serving)",
    legend:
      "median seconds from a burst onset of the trace to the first raise of desired replicas / to that many replicas serving, and (raised/onsets) how many bursts got a raise within 15 minutes",
    cell: (r) =>
      r.reaction.raised === 0
        ? `- (0/${r.reaction.onsets})`
        : `${opt(r.reaction.desiredMedianS)}/${opt(r.reaction.servingMedianS)} (${r.reaction.raised}/${r.reaction.onsets})`,
  },
  {
    header: "late s p50/p99/max",
    legend:
      "decision lateness: seconds from when the system's own rules (its delays) meant a change to happen, or when the data they needed for it was published if later, to when it happened; - for systems without such rules",
    cell: (r) =>
      r.lateness
        ? `${r.lateness.p50S.toFixed(1)}/${r.lateness.p99S.toFixed(1)}/${r.lateness.maxS.toFixed(0)}`
        : "-",
  },
  {
    header: "actions (rev)",
    legend:
      "changes of desired replicas, and (reversals) changes of direction within 10 minutes of the previous one",
    cell: (r) => `${r.scalingActions} (${r.reversals})`,
  },
  {
    header: "calls/target-h",
    legend:
      "AWS API calls of the control plane per scaling target and hour (GetMetricData, DynamoDB, ECS, Auto Scaling, Lambda invocations)",
    cell: (r) =>
      Object.values(r.controlPlane.callsPerTargetHour)
        .reduce((a, b) => a + b, 0)
        .toFixed(0),
  },
  {
    header: "ctl $/target-h",
    legend:
      "the control plane's AWS cost per scaling target and hour: CloudWatch metrics, alarms and custom metrics, DynamoDB, Lambda (arm64)",
    cell: (r) => r.controlPlane.costPerTargetHour.toFixed(4),
  },
]);
