import type { Decision } from "../policy/decide";
import { decisionReason } from "../policy/decisionReason";

/** The change a decision summary states: from what count to what count, which way, and why. */
export interface StatedChange {
  readonly previousTarget: number;
  readonly direction: "up" | "down" | "none";
  readonly reason: string;
}

/**
 * The decision's change as the engine states it: from the ECS desired count it acts on when that differs
 * from the decision's previous target (an outside change restored, a failed or held-back action applied),
 * so the stated direction and numbers are those of the action taken and hold words never come with a
 * change; the decision's own otherwise (nothing differs, or actions are held and nothing is done).
 */
export function statedChange(args: {
  readonly decision: Decision;
  /** The ECS desired count as read, or null when the engine does not act from it (held, left to its owner). */
  readonly actsFrom: number | null;
}): StatedChange {
  const { decision, actsFrom } = args;
  const to = decision.desiredReplicas;
  if (actsFrom === null || actsFrom === decision.previousTarget) {
    return {
      previousTarget: decision.previousTarget,
      direction: decision.direction,
      reason: decision.reason,
    };
  }
  return {
    previousTarget: actsFrom,
    direction: to > actsFrom ? "up" : to < actsFrom ? "down" : "none",
    reason: decisionReason({ previousTarget: actsFrom, desired: to, cause: decision.cause }),
  };
}
