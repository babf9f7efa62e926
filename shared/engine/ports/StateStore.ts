import type { Settings, TargetState } from "./TargetState";

/**
 * The id the global settings item (kill switch, ceilings) is stored under beside the targets' states:
 * reserved, so no target may have it.
 */
export const SETTINGS_ITEM_ID = "__settings__";

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
  /**
   * Marks the stored action `actionId` applied at `appliedAt` (or failed with `error`) and bumps
   * the version, only if that action is still the stored one and not yet applied. Returns false
   * when it is not (another evaluation superseded or already marked it).
   */
  markActionApplied(
    targetId: string,
    actionId: string,
    appliedAt: number | null,
    error: string | null,
  ): Promise<boolean>;
  getSettings(): Promise<Settings>;
  putSettings(settings: Settings): Promise<void>;
}
