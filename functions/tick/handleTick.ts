import { runTickLoop } from "../../shared/engine/runTickLoop";
import { tickWindowEnd } from "../../shared/engine/tickWindow";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import type { LambdaContext } from "../LambdaContext";
import { parseTickEvent } from "./parseTickEvent";
import { TickFailedError } from "./TickFailedError";

export interface TickResult {
  /** False for a refused event, and when every round attempted failed (then TickFailedError is thrown). */
  readonly ok: boolean;
  /** Rounds that evaluated (their targets' outcomes may still include errors). */
  readonly rounds: number;
  /** Rounds that failed as a whole (evaluateRound threw). */
  readonly failedRounds: number;
  readonly decisions: number;
  readonly actions: number;
  readonly conflicts: number;
  readonly errors: number;
  readonly problems?: readonly { path: string; message: string }[];
}

/**
 * The tick function: evaluates its shard every evaluation interval on absolute deadlines until
 * shortly before the next minute's schedule (and within the invocation's remaining time).
 * A malformed event is logged and answered, never thrown (EventBridge would only retry it). When every
 * round failed as a whole, the tick throws TickFailedError so Lambda's Errors metric sees it; a bad target
 * never does (it is an outcome with status `error`, counted in `errors`).
 */
export async function handleTick(
  runtime: Runtime,
  event: unknown,
  context: LambdaContext,
): Promise<TickResult> {
  const parsed = parseTickEvent(event);
  if (!parsed.ok) {
    runtime.logger.error("tick event refused", { problems: parsed.problems });
    return {
      ok: false,
      rounds: 0,
      failedRounds: 0,
      decisions: 0,
      actions: 0,
      conflicts: 0,
      errors: 0,
      problems: parsed.problems,
    };
  }
  const intervalS = runtime.config.evaluationIntervalS;
  const until = tickWindowEnd({
    start: runtime.deps.clock.now(),
    intervalS,
    remainingS: context.getRemainingTimeInMillis() / 1000,
  });
  let failedRounds = 0;
  let lastFailure: unknown;
  const reports = await runTickLoop(runtime.deps, {
    ...parsed.request,
    intervalS,
    until,
    onRoundFailed: (error) => {
      failedRounds++;
      lastFailure = error;
    },
  });
  for (const report of reports) runtime.observer.round("tick", report);
  const result: TickResult = {
    ok: reports.length > 0 || failedRounds === 0,
    rounds: reports.length,
    failedRounds,
    decisions: reports.reduce((n, r) => n + r.outcomes.filter((o) => o.status === "decided").length, 0),
    actions: reports.reduce((n, r) => n + r.actions, 0),
    conflicts: reports.reduce((n, r) => n + r.conflicts, 0),
    errors: reports.reduce((n, r) => n + r.errors, 0),
  };
  if (!result.ok) {
    runtime.logger.error("every round of the tick failed", { failedRounds, error: lastFailure as Error });
    throw new TickFailedError(result, lastFailure);
  }
  return result;
}
