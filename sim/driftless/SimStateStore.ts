import type { StateStore } from "../../shared/engine/ports/StateStore";
import type { Settings, TargetState } from "../../shared/engine/ports/TargetState";
import { checkStateWrite, markedApplied, versionMatches } from "../../shared/engine/stateWriteRules";
import { StateConflictError } from "../../shared/errors/StateConflictError";
import { deepFreeze } from "./deepFreeze";

/**
 * The state table for long simulations: the same conditional-write semantics as InMemoryStateStore
 * (a write succeeds only on the version it read; marking an action applied only while it is the
 * stored, unapplied one), but items are frozen when written and handed out without copying, because
 * structuredClone on every read and write was a fifth of a simulated day's cost. Freezing keeps the
 * copy's guarantee: code that tried to change a stored item would throw.
 */
export class SimStateStore implements StateStore {
  private readonly items = new Map<string, TargetState>();
  private settings: Settings = deepFreeze({ killSwitch: false, ceilings: {} });

  async getMany(targetIds: readonly string[]): Promise<Map<string, TargetState>> {
    return this.readMany(targetIds);
  }

  async get(targetId: string): Promise<TargetState | undefined> {
    return this.read(targetId);
  }

  async put(state: TargetState, expectedVersion: number): Promise<void> {
    this.write(state, expectedVersion);
  }

  async markActionApplied(
    targetId: string,
    actionId: string,
    appliedAt: number | null,
    error: string | null,
  ): Promise<boolean> {
    return this.markApplied(targetId, actionId, appliedAt, error);
  }

  // The port's operations, answered at once: the metered store calls these, because awaiting a second
  // promise inside each of its calls cost about as much as the reads and writes themselves.

  /** getMany, synchronously. */
  readMany(targetIds: readonly string[]): Map<string, TargetState> {
    const out = new Map<string, TargetState>();
    for (const id of targetIds) {
      const s = this.items.get(id);
      if (s) out.set(id, s);
    }
    return out;
  }

  /** get, synchronously. */
  read(targetId: string): TargetState | undefined {
    return this.items.get(targetId);
  }

  /** put, synchronously: throws StateConflictError unless the stored version is `expectedVersion`. */
  write(state: TargetState, expectedVersion: number): void {
    checkStateWrite(state, expectedVersion);
    if (!versionMatches(this.items.get(state.targetId), expectedVersion))
      throw new StateConflictError(`state ${state.targetId}`);
    this.items.set(state.targetId, deepFreeze(state));
    // The engine hands the last known-good policy on shallow-frozen (PolicyCache), where deepFreeze stops:
    // its body, the same object round after round, is frozen here once so the guard covers it too.
    deepFreeze(state.lastKnownGood?.body);
  }

  /** markActionApplied, synchronously. */
  markApplied(targetId: string, actionId: string, appliedAt: number | null, error: string | null): boolean {
    const next = markedApplied(this.items.get(targetId), { actionId, appliedAt, error });
    if (next === undefined) return false;
    this.items.set(targetId, deepFreeze(next));
    return true;
  }

  async getSettings(): Promise<Settings> {
    return this.readSettings();
  }

  /** getSettings, synchronously. */
  readSettings(): Settings {
    return this.settings;
  }

  async putSettings(settings: Settings): Promise<void> {
    this.settings = deepFreeze(structuredClone(settings));
  }
}
