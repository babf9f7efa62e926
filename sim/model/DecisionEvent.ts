/** An autoscaler changed a service's desired replicas. */
export interface DecisionEvent {
  readonly stage: number;
  readonly at: number;
  readonly from: number;
  readonly to: number;
  /** When the autoscaler's own rules meant it to happen (delay deadline, window start), if it has them. */
  readonly intendedAt: number | null;
}
