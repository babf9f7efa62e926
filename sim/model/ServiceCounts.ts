/** A simulated service's replica counts as ECS (or Ray, or Kubernetes) would report them. */
export interface SimServiceCounts {
  readonly desired: number;
  /** Replicas serving requests. */
  readonly running: number;
  /** Replicas asked for and not serving yet: waiting for a GPU or loading the model. */
  readonly pending: number;
  readonly draining: number;
}
