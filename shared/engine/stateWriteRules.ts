import { SETTINGS_ITEM_ID } from "./ports/StateStore";
import type { ScalingAction, TargetState } from "./ports/TargetState";

/**
 * The StateStore contract's rules as pure functions, so every implementation (DynamoDB, in memory, the
 * simulator's) follows the same ones; DynamoDB enforces the version conditions itself, in the table.
 */

/**
 * Throws RangeError unless `state` may be written over `expectedVersion`: its version must be
 * expectedVersion + 1 (a non-negative integer), and its id must not be the settings item's.
 */
export function checkStateWrite(state: TargetState, expectedVersion: number): void {
  if (
    !Number.isSafeInteger(expectedVersion) ||
    expectedVersion < 0 ||
    state.version !== expectedVersion + 1
  ) {
    throw new RangeError(
      `state of ${state.targetId} has version ${state.version}; writing over version ${expectedVersion} needs ${expectedVersion + 1}`,
    );
  }
  if (state.targetId === SETTINGS_ITEM_ID) {
    throw new RangeError(`"${SETTINGS_ITEM_ID}" is reserved for the settings item`);
  }
}

/** Whether a write conditional on `expectedVersion` wins over `stored` (a missing item has version 0). */
export function versionMatches(stored: TargetState | undefined, expectedVersion: number): boolean {
  return (stored?.version ?? 0) === expectedVersion;
}

/**
 * `stored` with its action marked applied at `appliedAt` (or failed with `error`), without its `decidedBy`
 * (only an unapplied action needs its maker named), and its version bumped; undefined when `actionId` is
 * not the stored, unapplied action (superseded, already marked, none).
 */
export function markedApplied(
  stored: TargetState | undefined,
  mark: { readonly actionId: string; readonly appliedAt: number | null; readonly error: string | null },
): TargetState | undefined {
  const action: ScalingAction | null | undefined = stored?.action;
  if (!stored || !action || action.id !== mark.actionId || action.appliedAt !== null) return undefined;
  const { decidedBy: _maker, ...made } = action;
  return {
    ...stored,
    version: stored.version + 1,
    action: { ...made, appliedAt: mark.appliedAt, error: mark.error },
  };
}

/**
 * Whether the write of the evaluation `evaluationId` landed although its writer did not hear so (a retried
 * write whose first attempt landed reads as a conflict, one whose every answer was lost as a network error),
 * judged on the item read back: its last decision is that evaluation's, or a later writer superseded it
 * and kept that evaluation's action, still unapplied and without error (within its grace nobody else
 * carries it out, so its maker must).
 */
export function ownWriteLanded(stored: TargetState | undefined, evaluationId: string): boolean {
  if (stored === undefined) return false;
  if (stored.lastDecision?.evaluationId === evaluationId) return true;
  const action = stored.action;
  return (
    action !== null && action.decidedBy === evaluationId && action.appliedAt === null && action.error === null
  );
}
