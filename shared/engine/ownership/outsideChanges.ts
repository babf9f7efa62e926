import type { ScalingAction } from "../ports/TargetState";

/** Outside changes within this window... */
export const CONTESTED_WINDOW_S = 600;
/** ...this many times make a target contested: something else keeps setting the count. */
export const CONTESTED_CHANGES = 3;

/** The desired counts changed outside driftless lately, and whether that made the target contested. */
export interface OutsideChanges {
  /** When an evaluation saw the ECS desired count differ from what driftless last applied (within the window). */
  readonly at: readonly number[];
  /** When the target became contested, and the policy version then: a new version (any edit) clears it. */
  readonly contested: { readonly since: number; readonly policyVersion: number | null } | null;
}

/**
 * The outside-change rule, pure. An evaluation that may act sees an outside change when the ECS desired
 * count differs from the count driftless last applied. CONTESTED_CHANGES of them within CONTESTED_WINDOW_S
 * make the target contested: driftless stops restoring the count (it would fight whatever sets it) until the
 * policy is edited (a new version: the operator says the other controller is gone). While contested,
 * nothing more is counted.
 */
export function nextOutsideChanges(args: {
  readonly previous: OutsideChanges | undefined;
  readonly action: ScalingAction | null;
  readonly serviceDesired: number;
  readonly mayAct: boolean;
  readonly policyVersion: number | null;
  readonly now: number;
}): OutsideChanges {
  const { previous, action, now } = args;
  const was = previous?.contested ?? null;
  if (was !== null && was.policyVersion === args.policyVersion)
    return { at: previous?.at ?? [], contested: was };
  // An edit ends a contest: counting starts afresh.
  const recent = was !== null ? [] : (previous?.at ?? []).filter((t) => now - t < CONTESTED_WINDOW_S);
  const applied = action !== null && action.appliedAt !== null ? action.desiredReplicas : null;
  const outside = args.mayAct && applied !== null && args.serviceDesired !== applied;
  const at = outside ? [...recent, now] : recent;
  const contested = at.length >= CONTESTED_CHANGES ? { since: now, policyVersion: args.policyVersion } : null;
  return { at, contested };
}

/** Why a contested target is left alone, and how the operator takes the service back. */
export function contestedText(changes: OutsideChanges): string {
  return (
    `contested: the ECS desired count was changed outside driftless ${changes.at.length} times within ` +
    `${CONTESTED_WINDOW_S / 60} min, so driftless stopped restoring it. Stop the other controller, then edit ` +
    "the policy (policy put, or policy pause then resume) and driftless takes the service back"
  );
}
