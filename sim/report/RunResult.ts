import type { ScheduleBand } from "./scheduleBands";

/** The figures of one policy on one trace. */
export interface RunSummary {
  readonly trace: string;
  /** Autoscaler id (`driftless:<policy>` or a peer). */
  readonly policy: string;
  readonly label: string;
  readonly seed: number;
  /** Requests counted: every request replayed, or those arriving from `measuredFromS` on. */
  readonly requests: number;
  /** Requests not finished an hour after the trace ended. */
  readonly unfinished: number;
  readonly slo: {
    readonly metric: "ttft" | "e2e";
    readonly targetMs: number;
    readonly violationsPct: number;
  };
  readonly latencyMs: { readonly p50: number; readonly p95: number; readonly p99: number };
  readonly gpuHours: number;
  readonly gpuCost: number;
  /** Instance-hours stopped with their disk (warm pool, Ray's cached nodes) and what their EBS volumes cost. */
  readonly stoppedInstanceHours: number;
  readonly stoppedCost: number;
  /** Scale-out reaction to the trace's burst onsets: to the first raise of desired, and to that capacity serving. */
  readonly reaction: {
    readonly onsets: number;
    readonly raised: number;
    readonly desiredMedianS: number | null;
    readonly desiredMaxS: number | null;
    readonly servingMedianS: number | null;
    readonly servingMaxS: number | null;
  };
  /** Decision lateness against the autoscaler's own rules, from when the change was due and knowable (latenessOf); null when it has none. */
  readonly lateness: {
    readonly decisions: number;
    readonly p50S: number;
    readonly p99S: number;
    readonly maxS: number;
  } | null;
  readonly scalingActions: number;
  /** Changes of direction within 10 minutes of the previous change (thrash). */
  readonly reversals: number;
  readonly controlPlane: {
    readonly callsPerTargetHour: Readonly<Record<string, number>>;
    readonly costPerTargetHour: number;
    readonly costBreakdownPerTargetHour: Readonly<Record<string, number>>;
    readonly notes: readonly string[];
  };
  readonly simulatedDays: number;
  /** Seconds after the trace start from which requests and GPU-hours count (0: the whole trace). */
  readonly measuredFromS: number;
  readonly wallMs: number;
}

/** Per-minute series of one run, for the charts. */
export interface RunSeries {
  readonly policy: string;
  readonly label: string;
  /** Arrival rate per minute (requests/s). */
  readonly rps: readonly number[];
  /** Desired and serving replicas (all stages) at each minute's end. */
  readonly desired: readonly number[];
  readonly serving: readonly number[];
  /** GPUs of running instances (booting or ready; billed) at each minute's end. */
  readonly gpus: readonly number[];
  /** The schedule windows of the run's policy (driftless runs), for the charts. */
  readonly windows: readonly ScheduleBand[];
  /** p95 of the SLO latency of the requests arriving in each minute (ms; null: none arrived). */
  readonly latencyP95Ms: readonly (number | null)[];
  /** Requests arriving in each minute that missed the SLO. */
  readonly violations: readonly number[];
}

/** One run's figures and series. */
export interface RunResult {
  readonly summary: RunSummary;
  readonly series: RunSeries;
}
