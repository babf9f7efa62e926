/** A policy item as stored: the operator's policy fields plus driftless's bookkeeping. */
export interface PolicyRecord {
  readonly targetId: string;
  /** Incremented by every write; edits are conditional on it, so concurrent edits are caught. */
  readonly version: number;
  readonly updatedBy: string;
  /** ISO-8601 time of the last edit. */
  readonly updatedAt: string;
  /** The policy fields exactly as stored (not yet validated). */
  readonly body: Record<string, unknown>;
}

/** Where policies live (the policies table). */
export interface PolicyStore {
  /** Every policy item (a full read; invalid items included, validation is the caller's). */
  list(): Promise<PolicyRecord[]>;
  get(targetId: string): Promise<PolicyRecord | undefined>;
  /**
   * Writes a policy with version = expectedVersion + 1, only if the stored version is
   * `expectedVersion` (0: the item must not exist). Throws StateConflictError otherwise.
   */
  put(record: Omit<PolicyRecord, "version">, expectedVersion: number): Promise<PolicyRecord>;
  /** Deletes a policy if its version is `expectedVersion`; throws StateConflictError otherwise. */
  delete(targetId: string, expectedVersion: number): Promise<void>;
}
