import type { Settings, TargetState } from "./TargetState";

/** Where decision state lives (the state table). Reads are strongly consistent. */
export interface StateStore {
  /** The states of these targets (batched); a target never written is absent from the map. */
  getMany(targetIds: readonly string[]): Promise<Map<string, TargetState>>;
  get(targetId: string): Promise<TargetState | undefined>;
  /**
   * Writes `state` (whose version must be expectedVersion + 1) only if the stored version is
   * `expectedVersion` (0: no item yet). Throws StateConflictError when another writer won.
   */
  put(state: TargetState, expectedVersion: number): Promise<void>;
  getSettings(): Promise<Settings>;
  putSettings(settings: Settings): Promise<void>;
}
