import type { StateStore } from "../engine/ports/StateStore";
import type { Settings, TargetState } from "../engine/ports/TargetState";
import { checkStateWrite, markedApplied, versionMatches } from "../engine/stateWriteRules";
import { StateConflictError } from "../errors/StateConflictError";

/** A StateStore in memory with DynamoDB's conditional-write semantics (simulator, tests). */
export class InMemoryStateStore implements StateStore {
  private readonly items = new Map<string, TargetState>();
  private settings: Settings = { killSwitch: false, ceilings: {} };
  /** Every successful write, in order (tests count state transitions with it). */
  readonly writes: TargetState[] = [];

  async getMany(targetIds: readonly string[]): Promise<Map<string, TargetState>> {
    const out = new Map<string, TargetState>();
    for (const id of targetIds) {
      const s = this.items.get(id);
      if (s) out.set(id, structuredClone(s));
    }
    return out;
  }

  async get(targetId: string): Promise<TargetState | undefined> {
    const s = this.items.get(targetId);
    return s ? structuredClone(s) : undefined;
  }

  async put(state: TargetState, expectedVersion: number): Promise<void> {
    checkStateWrite(state, expectedVersion);
    if (!versionMatches(this.items.get(state.targetId), expectedVersion))
      throw new StateConflictError(`state ${state.targetId}`);
    const copy = structuredClone(state);
    this.items.set(state.targetId, copy);
    this.writes.push(copy);
  }

  async markActionApplied(
    targetId: string,
    actionId: string,
    appliedAt: number | null,
    error: string | null,
  ): Promise<boolean> {
    const next = markedApplied(this.items.get(targetId), { actionId, appliedAt, error });
    if (next === undefined) return false;
    this.items.set(targetId, next);
    this.writes.push(structuredClone(next));
    return true;
  }

  async getSettings(): Promise<Settings> {
    return structuredClone(this.settings);
  }

  async putSettings(settings: Settings): Promise<void> {
    this.settings = structuredClone(settings);
  }
}
