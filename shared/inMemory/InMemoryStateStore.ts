import type { StateStore } from "../engine/ports/StateStore";
import type { Settings, TargetState } from "../engine/ports/TargetState";
import { checkStateWrite, markedApplied, versionMatches } from "../engine/stateWriteRules";
import { StateConflictError } from "../errors/StateConflictError";
import { deepFreeze } from "./deepFreeze";

/**
 * A StateStore in memory with DynamoDB's conditional-write semantics (simulator, tests). Items are frozen
 * when written and handed out without copying: a reader can no more change a stored item than it could
 * change a table's (changing one throws), and a round does not pay a deep copy of every item on every read
 * and write (that copying was a fifth of a round's cost).
 */
export class InMemoryStateStore implements StateStore {
  private readonly items = new Map<string, TargetState>();
  private settings: Settings = deepFreeze({ killSwitch: false, ceilings: {} });
  /**
   * Every successful write, in order, when the store is made with `recordWrites` (tests count state
   * transitions with it); else empty: a store kept for a long run does not keep every item it ever held.
   */
  readonly writes: TargetState[] = [];
  private readonly recordWrites: boolean;

  constructor(options: { readonly recordWrites?: boolean } = {}) {
    this.recordWrites = options.recordWrites === true;
  }

  async getMany(targetIds: readonly string[]): Promise<Map<string, TargetState>> {
    const out = new Map<string, TargetState>();
    for (const id of targetIds) {
      const s = this.items.get(id);
      if (s) out.set(id, s);
    }
    return out;
  }

  async get(targetId: string): Promise<TargetState | undefined> {
    return this.items.get(targetId);
  }

  async put(state: TargetState, expectedVersion: number): Promise<void> {
    checkStateWrite(state, expectedVersion);
    if (!versionMatches(this.items.get(state.targetId), expectedVersion))
      throw new StateConflictError(`state ${state.targetId}`);
    this.store(state);
  }

  async markActionApplied(
    targetId: string,
    actionId: string,
    appliedAt: number | null,
    error: string | null,
  ): Promise<boolean> {
    const next = markedApplied(this.items.get(targetId), { actionId, appliedAt, error });
    if (next === undefined) return false;
    this.store(next);
    return true;
  }

  async getSettings(): Promise<Settings> {
    return this.settings;
  }

  async putSettings(settings: Settings): Promise<void> {
    this.settings = deepFreeze(structuredClone(settings));
  }

  private store(state: TargetState): void {
    const frozen = deepFreeze(state);
    this.items.set(state.targetId, frozen);
    if (this.recordWrites) this.writes.push(frozen);
  }
}
