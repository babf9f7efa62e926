/** An Auto Scaling group's capacity. */
export interface GroupCapacity {
  readonly min: number;
  readonly max: number;
  readonly desired: number;
  readonly inService: number;
}

/** Reads and sets GPU Auto Scaling groups' desired capacity (capacity mode `direct`). */
export interface CapacityScaler {
  describe(groupNames: readonly string[]): Promise<Map<string, GroupCapacity>>;
  /** Sets the desired capacity; the caller keeps it within the group's min and max. */
  setDesired(groupName: string, desired: number): Promise<void>;
}
