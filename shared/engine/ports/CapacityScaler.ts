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

/** An Auto Scaling group's capacity. */
export interface GroupCapacity {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
  readonly inService: number;
  /** The group's warm pool; absent when it has none. */
  readonly warmPool?: WarmPoolCapacity;
}

/** Reads and sets GPU Auto Scaling groups' desired capacity (capacity mode `direct`). */
export interface CapacityScaler {
  describe(groupNames: readonly string[]): Promise<Map<string, GroupCapacity>>;
  /** Sets the desired capacity; the caller keeps it within the group's min and max. */
  setDesired(groupName: string, desired: number): Promise<void>;
}
