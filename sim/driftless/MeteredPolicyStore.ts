import type { PolicyRecord, PolicyStore } from "../../shared/engine/ports/PolicyStore";
import type { InMemoryPolicyStore } from "../../shared/inMemory/InMemoryPolicyStore";
import type { ControlPlaneMeter } from "./ControlPlaneMeter";

/** The in-memory policy store, counted as the DynamoDB policies table would be (Scan, GetItem, PutItem). */
export class MeteredPolicyStore implements PolicyStore {
  constructor(
    private readonly inner: InMemoryPolicyStore,
    private readonly meter: ControlPlaneMeter,
  ) {}

  async list(): Promise<PolicyRecord[]> {
    const records = await this.inner.list();
    this.meter.call("DynamoDB:Scan");
    // A scan is charged on the total size it reads, not per item.
    this.meter.readItem(records.reduce((n, r) => n + this.meter.sizeOf("policy", r), 0));
    return records;
  }

  async get(targetId: string): Promise<PolicyRecord | undefined> {
    const record = await this.inner.get(targetId);
    this.meter.call("DynamoDB:GetItem");
    this.meter.readItem(record ? this.meter.sizeOf("policy", record) : 1);
    return record;
  }

  async put(record: Omit<PolicyRecord, "version">, expectedVersion: number): Promise<PolicyRecord> {
    this.meter.call("DynamoDB:PutItem");
    this.meter.writeItem(this.meter.sizeOf("policy", record));
    return this.inner.put(record, expectedVersion);
  }

  async delete(targetId: string, expectedVersion: number): Promise<void> {
    this.meter.call("DynamoDB:DeleteItem");
    this.meter.writeItem(1);
    return this.inner.delete(targetId, expectedVersion);
  }
}
