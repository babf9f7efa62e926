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

/** A capacity provider's managed scaling, and the Auto Scaling group it scales. */
export interface ProviderScaling {
  readonly provider: string;
  /** The group's name (from the provider's group ARN), when the provider names one. */
  readonly group: string | undefined;
  readonly managedScaling: boolean;
}

/** Reads ECS capacity providers' managed scaling (ECS then scales the group itself). */
export interface CapacityProviderReader {
  /**
   * The providers named (by name or ARN) and every provider of the `clusters` named (so a group whose
   * provider no policy names is found by the group); batched, never one call per target.
   */
  providerScaling(args: {
    readonly providers: readonly string[];
    readonly clusters: readonly string[];
  }): Promise<readonly ProviderScaling[]>;
}
