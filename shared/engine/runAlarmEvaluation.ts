import type { EngineDeps } from "./EngineDeps";
import { evaluateRound, type RoundReport } from "./evaluateRound";

/** What runAlarmEvaluation evaluates and for how long. */
export interface AlarmEvaluationOptions {
  /** The alarm's targets. */
  readonly targetIds: readonly string[];
  /** No delay is waited for past this time (epoch seconds): see invocationDeadline. */
  readonly until: number;
  /** @default 10 */
  readonly maxRounds?: number;
}

/**
 * The alarm path: evaluates the alarm's targets at once; while one of them has a delay that will
 * fire before `until`, sleeps to that deadline and evaluates again, so the change lands on time
 * instead of at the next tick. At most `maxRounds` rounds.
 */
export async function runAlarmEvaluation(
  deps: EngineDeps,
  { targetIds, until, maxRounds = 10 }: AlarmEvaluationOptions,
): Promise<RoundReport[]> {
  const reports: RoundReport[] = [];
  let ids = [...targetIds];
  for (let round = 0; round < maxRounds && ids.length > 0; round++) {
    const report = await evaluateRound(deps, { targetIds: ids });
    reports.push(report);
    const due = report.outcomes.flatMap((o) =>
      o.decision?.pendingDelay && o.decision.pendingDelay.firesAt <= until
        ? [{ id: o.targetId, at: o.decision.pendingDelay.firesAt }]
        : [],
    );
    if (due.length === 0) break;
    const next = Math.min(...due.map((d) => d.at));
    await deps.clock.sleepUntil(next);
    ids = due.filter((d) => d.at <= next + 1e-6).map((d) => d.id);
  }
  return reports;
}
