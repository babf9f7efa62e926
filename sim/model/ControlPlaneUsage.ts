/** What an autoscaler's control plane used during a run, for the per-target-hour cost figures. */
export interface ControlPlaneUsage {
  /** AWS API calls by `Service:Operation` (free ones included, so the volume is visible). */
  readonly calls: Readonly<Record<string, number>>;
  /** Metrics requested from CloudWatch GetMetricData (priced per metric, not per call). */
  readonly metricsRequested: number;
  /** DynamoDB request units (on demand: strongly consistent reads of 4 KB, writes of 1 KB). */
  readonly readUnits: number;
  readonly writeUnits: number;
  readonly lambdaInvocations: number;
  readonly lambdaGbSeconds: number;
  /** Alarms the autoscaler keeps, by resolution (priced per alarm-month). */
  readonly alarms: { readonly standard: number; readonly highResolution: number };
  /** Custom metrics it needs published (priced per metric-month). */
  readonly customMetrics: number;
  /** What is not an AWS API cost but part of running it (e.g. a Ray head node). */
  readonly notes: readonly string[];
}

/** The usage of a control plane that makes no AWS call and keeps no alarm or metric; `notes` say what it is. */
export function noControlPlaneUsage(notes: readonly string[]): ControlPlaneUsage {
  return {
    calls: {},
    metricsRequested: 0,
    readUnits: 0,
    writeUnits: 0,
    lambdaInvocations: 0,
    lambdaGbSeconds: 0,
    alarms: { standard: 0, highResolution: 0 },
    customMetrics: 0,
    notes,
  };
}
