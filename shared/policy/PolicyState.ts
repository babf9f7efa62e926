/**
 * The decision state of one target, persisted between evaluations (in DynamoDB at runtime).
 * Every delay is measured against a timestamp kept here, never against a count of evaluations.
 */
export interface PolicyState {
  /** Ray's direction counter: > 0 while a scale-up is wanted, < 0 while a scale-down is wanted. */
  readonly counter: number;
  /** When the current direction was first wanted (epoch seconds), or null. */
  readonly ts: number | null;
  /** Breaches must start after this point of the metric timeline (the last fire or hold). */
  readonly floor: number | null;
  readonly lastScaleUpAt: number | null;
  readonly lastScaleDownAt: number | null;
  /** Scale-ups within the last minute, for `limits.max_up_per_minute`. */
  readonly recentUps: readonly { readonly at: number; readonly added: number }[];
  /** Consecutive evaluations that could not read the load. */
  readonly metricFailures: number;
  /** Running replicas at the last evaluation: a change re-bases the per-replica reading of old datapoints. */
  readonly lastRunning?: number | null;
  /** The newest datapoint the last evaluation saw. */
  readonly seenUntil?: number | null;
  /**
   * A scale-down's breach must start after this time: the last evaluation that did not want a
   * scale-down, or the last change. Ray's controller restarts its counter at every iteration that
   * does not want the scale-down and at every change; datapoints published later cannot reach back
   * past such an evaluation. Absent in states written before it existed (no bound).
   */
  readonly downFloor?: number | null;
}

/** The state of a target that has never been evaluated. */
export const INITIAL_POLICY_STATE: PolicyState = Object.freeze({
  counter: 0,
  ts: null,
  floor: null,
  lastScaleUpAt: null,
  lastScaleDownAt: null,
  recentUps: Object.freeze([]) as readonly { at: number; added: number }[],
  metricFailures: 0,
});
