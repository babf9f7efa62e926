import type { StateStore } from "../../shared/engine/ports/StateStore";
import type { Settings, TargetState } from "../../shared/engine/ports/TargetState";
import type { ControlPlaneMeter } from "./ControlPlaneMeter";
import type { SimStateStore } from "./SimStateStore";

/**
 * The simulator's state store, counted as the state table would be: BatchGetItem and GetItem strongly
 * consistent, PutItem, UpdateItem (charged on the whole item's size).
 */
export class MeteredStateStore implements StateStore {
  // UpdateItem is charged on the item's size; the size of the last put stands in for it.
  private readonly sizes = new Map<string, number>();

  constructor(
    private readonly inner: SimStateStore,
    private readonly meter: ControlPlaneMeter,
  ) {}

  async getMany(targetIds: readonly string[]): Promise<Map<string, TargetState>> {
    const found = this.inner.readMany(targetIds);
    // BatchGetItem takes up to 100 keys a call.
    this.meter.call("DynamoDB:BatchGetItem", Math.max(1, Math.ceil(targetIds.length / 100)));
    for (const id of targetIds) {
      const state = found.get(id);
      this.meter.readItem(state ? this.meter.sizeOf("state", state) : 1);
    }
    return found;
  }

  async get(targetId: string): Promise<TargetState | undefined> {
    const state = this.inner.read(targetId);
    this.meter.call("DynamoDB:GetItem");
    this.meter.readItem(state ? this.meter.sizeOf("state", state) : 1);
    return state;
  }

  async put(state: TargetState, expectedVersion: number): Promise<void> {
    this.meter.call("DynamoDB:PutItem");
    const size = this.meter.sizeOf("state", state);
    this.sizes.set(state.targetId, size);
    this.meter.writeItem(size);
    this.inner.write(state, expectedVersion);
  }

  async markActionApplied(
    targetId: string,
    actionId: string,
    appliedAt: number | null,
    error: string | null,
  ): Promise<boolean> {
    const marked = this.inner.markApplied(targetId, actionId, appliedAt, error);
    this.meter.call("DynamoDB:UpdateItem");
    this.meter.writeItem(this.sizes.get(targetId) ?? 1);
    return marked;
  }

  async getSettings(): Promise<Settings> {
    this.meter.call("DynamoDB:GetItem");
    this.meter.readItem(1);
    return this.inner.readSettings();
  }

  async putSettings(settings: Settings): Promise<void> {
    this.meter.call("DynamoDB:PutItem");
    this.meter.writeItem(1);
    return this.inner.putSettings(settings);
  }
}
