/**
 * An Auto Scaling group's warm pool as read (DescribeWarmPool): pre-initialized instances waiting outside
 * the group, which a scale-out takes first (a restart instead of a full boot).
 */
export interface WarmPoolCapacity {
  /** The state instances wait in (the pool's PoolState): `Stopped`, `Running` or `Hibernated`. */
  readonly poolState: string;
  /** Warmed instances ready to enter the group, by state (Warmed:Stopped, Warmed:Running, Warmed:Hibernated). */
  readonly stopped: number;
  readonly running: number;
  readonly hibernated: number;
  /** Instances still being prepared for the pool (Warmed:Pending and its lifecycle-hook states). */
  readonly preparing: number;
  /** InstanceReusePolicy.ReuseOnScaleIn: a scale-in returns instances to the pool instead of terminating them. */
  readonly reuseOnScaleIn: boolean;
}

/** One instance of an Auto Scaling group (DescribeAutoScalingGroups' Instances: warm-pool instances are not members). */
export interface GroupInstance {
  readonly instanceId: string;
  /** Its LifecycleState: `Pending`, `InService`, `Terminating`, `Standby`, ... */
  readonly lifecycleState: string;
  /** ProtectedFromScaleIn: a scale-in of the group does not choose it. */
  readonly protectedFromScaleIn: boolean;
}

/** An Auto Scaling group's capacity. */
export interface GroupCapacity {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
  readonly inService: number;
  /** The group's warm pool; absent when it has none. */
  readonly warmPool?: WarmPoolCapacity;
  /** The group's instances (absent: not read, e.g. a fake that keeps only counts). */
  readonly instances?: readonly GroupInstance[];
}

/**
 * The tasks an ECS container instance hosts: its counts as DescribeContainerInstances reports them, and the
 * tasks it is still stopping (DescribeTasks), which those counts leave out.
 */
export interface HostedTasks {
  /** Tasks whose desired status is RUNNING (runningTasksCount). */
  readonly running: number;
  /** Tasks in PENDING (pendingTasksCount). */
  readonly pending: number;
  /** Tasks still stopping (draining their in-flight requests): desired STOPPED, last status not yet STOPPED. */
  readonly stopping: number;
  /** The container instance's status: ACTIVE, DRAINING, ... */
  readonly status: string;
}

/**
 * Reads and sets GPU Auto Scaling groups' desired capacity (capacity mode `direct`), reads which of their
 * instances host ECS tasks, and protects the busy ones from the group's scale-in.
 */
export interface CapacityScaler {
  describe(groupNames: readonly string[]): Promise<Map<string, GroupCapacity>>;
  /** Sets the desired capacity; the caller keeps it within the group's min and max. */
  setDesired(groupName: string, desired: number): Promise<void>;
  /** The tasks each container instance of the ECS cluster hosts (stopping ones too), keyed by its EC2 instance id. */
  hostedTasks(cluster: string): Promise<Map<string, HostedTasks>>;
  /** Sets ProtectedFromScaleIn on these instances of the group (no call for none). */
  setScaleInProtection(args: {
    readonly groupName: string;
    readonly instanceIds: readonly string[];
    readonly protect: boolean;
  }): Promise<void>;
}
