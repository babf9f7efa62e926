/** An Application Auto Scaling scalable target on an ECS service's desired count that scales it. */
export interface ApplicationScaling {
  /** `service/<cluster>/<service>` */
  readonly resourceId: string;
  readonly scalingPolicies: readonly string[];
  readonly scheduledActions: readonly string[];
}

/** Reads whether Application Auto Scaling scales ECS services (the other controller driftless must not fight). */
export interface ApplicationScalingReader {
  /**
   * The scalable targets (namespace ecs, dimension ecs:service:DesiredCount) among these resource ids that
   * have scaling policies or scheduled actions, keyed by resource id; the others are absent. Batched: a few
   * calls per round, never one per target.
   */
  activeScalers(resourceIds: readonly string[]): Promise<Map<string, ApplicationScaling>>;
}

/** Reads ECS capacity providers' managed scaling (ECS then scales the group itself). */
export interface CapacityProviderReader {
  /** Whether managed scaling is ENABLED, per capacity provider name (batched); providers not found are absent. */
  managedScaling(names: readonly string[]): Promise<Map<string, boolean>>;
}
