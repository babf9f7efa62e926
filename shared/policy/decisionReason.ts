import type { Cause } from "./PolicyStep";

/**
 * The one-line reason of a decision: its direction and numbers (`scale up A -> B`, `scale down
 * A -> B`, `hold at A`) taken from the decision itself, then why, in the words of the step that
 * set the final count. Words meant for a hold (e.g. "never scaling down on missing data") are
 * said only on a hold.
 */
export function decisionReason(args: {
  readonly previousTarget: number;
  readonly desired: number;
  readonly cause: Cause;
}): string {
  const { previousTarget: from, desired: to, cause } = args;
  if (to === from) return `hold at ${from}: ${cause.onHold ? `${cause.why}: ${cause.onHold}` : cause.why}`;
  return `scale ${to > from ? "up" : "down"} ${from} -> ${to}: ${cause.why}`;
}
