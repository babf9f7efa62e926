import type { PolicyRecord, PolicyStore } from "../engine/ports/PolicyStore";
import { StateConflictError } from "../errors/StateConflictError";

/** A PolicyStore in memory, with the same version conditions as the DynamoDB one (simulator, tests). */
export class InMemoryPolicyStore implements PolicyStore {
  private readonly items = new Map<string, PolicyRecord>();

  async list(): Promise<PolicyRecord[]> {
    return [...this.items.values()];
  }

  async get(targetId: string): Promise<PolicyRecord | undefined> {
    return this.items.get(targetId);
  }

  async put(record: Omit<PolicyRecord, "version">, expectedVersion: number): Promise<PolicyRecord> {
    const stored = this.items.get(record.targetId);
    if ((stored?.version ?? 0) !== expectedVersion) throw new StateConflictError(`policy ${record.targetId}`);
    const next = { ...record, version: expectedVersion + 1 };
    this.items.set(record.targetId, next);
    return next;
  }

  async delete(targetId: string, expectedVersion: number): Promise<void> {
    // Like DynamoDB: a missing item has version 0.
    if ((this.items.get(targetId)?.version ?? 0) !== expectedVersion)
      throw new StateConflictError(`policy ${targetId}`);
    this.items.delete(targetId);
  }

  /** Writes an item as an operator editing the table would: no validation, version bumped. */
  putRaw(targetId: string, body: Record<string, unknown>, at = "1970-01-01T00:00:00.000Z"): PolicyRecord {
    const version = (this.items.get(targetId)?.version ?? 0) + 1;
    const record = { targetId, version, updatedBy: "test", updatedAt: at, body };
    this.items.set(targetId, record);
    return record;
  }
}
