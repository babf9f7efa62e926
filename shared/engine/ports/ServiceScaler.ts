/** An ECS service's counts. */
export interface ServiceCounts {
  readonly desired: number;
  readonly running: number;
  readonly pending: number;
}

/** Reads and sets ECS services' desired counts. */
export interface ServiceScaler {
  /** Counts of these services of one cluster (batched by 10); a missing service is absent. */
  describe(cluster: string, services: readonly string[]): Promise<Map<string, ServiceCounts>>;
  setDesired(cluster: string, service: string, desired: number): Promise<void>;
}
