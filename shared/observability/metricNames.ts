/** The CloudWatch namespace of driftless's own metrics (embedded metric format). */
export const METRICS_NAMESPACE = "Driftless";

/** Every metric driftless emits; dimension `TargetId` unless noted. Documented in the README. */
export const METRIC = {
  /** The decided replica count. */
  desired: "DesiredReplicas",
  /** Running replicas (ECS runningCount). */
  running: "RunningReplicas",
  /** Starting replicas (ECS pendingCount). */
  pending: "PendingReplicas",
  /** Total ongoing requests (plus backlog) the policy saw; also the forecaster's history. */
  load: "Load",
  /** Replicas the stored forecast needs at now + lead_time_s (targets with `predictive` on). */
  forecastReplicas: "ForecastReplicas",
  /** How late a change was decided after the policy meant it (ms). */
  lateness: "DecisionLatenessMs",
  /** Age of the newest load datapoint (s). */
  metricAge: "MetricAgeSeconds",
  /** Actions carried out (ECS and Auto Scaling calls). */
  actions: "Actions",
  /** ECS desired counts found changed outside driftless (another controller or a hand edit). */
  outsideChanges: "OutsideChanges",
  /** 1 while a target is contested (repeated outside changes: driftless stopped restoring), else 0. */
  contested: "Contested",
  /** Conditional writes lost to another evaluation. */
  conflicts: "Conflicts",
  /** Policy items that fail validation (dimension TargetId). */
  invalidPolicies: "InvalidPolicies",
  /** Targets whose evaluation failed. */
  targetErrors: "TargetErrors",
  /** Wall time of one evaluation round (ms; dimension Function). */
  roundDuration: "EvaluationDurationMs",
  /** AWS API calls one round made (dimension Function). */
  apiCalls: "ApiCalls",
} as const;
