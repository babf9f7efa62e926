import type { RoundReport } from "./RoundReport";

/** A target whose pending delay comes due at `at`. */
export interface DueDelay {
  readonly targetId: string;
  readonly at: number;
}

/**
 * The targets of a round whose pending delay will fire before `before` if the load keeps wanting it,
 * soonest first: an evaluation loop sleeps to each deadline instead of leaving it to its next round.
 */
export function dueDelays(report: RoundReport, before: number): DueDelay[] {
  const due: DueDelay[] = [];
  for (const o of report.outcomes) {
    const pending = o.decision?.pendingDelay;
    if (pending && pending.firesAt < before) due.push({ targetId: o.targetId, at: pending.firesAt });
  }
  return due.sort((a, b) => a.at - b.at);
}
