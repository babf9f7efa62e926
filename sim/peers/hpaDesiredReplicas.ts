/** What one HPA reconciliation of an AverageValue (external) metric needs. */
export interface HpaInput {
  readonly now: number;
  /** The metric's value for the whole workload (KEDA's scaler output). */
  readonly value: number;
  /** Target average value per pod. */
  readonly target: number;
  /** The workload's current replicas. */
  readonly current: number;
  readonly min: number;
  readonly max: number;
  /** Recommendations of earlier syncs (times and values), oldest first; the new one is appended. */
  readonly history: { t: number; v: number }[];
  readonly tolerance: number;
  readonly scaleDownStabilizationS: number;
  readonly scaleUpPercent: number;
  readonly scaleUpPods: number;
}

/**
 * The Kubernetes HPA's decision for an AverageValue metric: ratio = value / (target x current);
 * within the tolerance keep current, else recommend ceil(value / target); scale-up is not stabilized,
 * scale-down takes the highest recommendation of the stabilization window; a scale-up is limited to
 * the larger of +scaleUpPercent % and +scaleUpPods; the result is clamped to [min, max].
 */
export function hpaDesiredReplicas(input: HpaInput): number {
  const { now, value, target, current, history } = input;
  const ratio = current > 0 ? value / (target * current) : value > 0 ? Number.POSITIVE_INFINITY : 1;
  const recommendation = Math.abs(ratio - 1) <= input.tolerance ? current : Math.ceil(value / target);
  history.push({ t: now, v: recommendation });
  while (history.length > 0 && history[0]!.t < now - input.scaleDownStabilizationS) history.shift();
  const down = history.reduce((m, r) => Math.max(m, r.v), recommendation);
  let desired = current;
  if (desired < recommendation) desired = recommendation;
  if (desired > down) desired = down;
  const upLimit = Math.max(
    Math.ceil(current * (1 + input.scaleUpPercent / 100)),
    current + input.scaleUpPods,
  );
  desired = Math.min(desired, upLimit);
  return Math.max(input.min, Math.min(input.max, desired));
}
