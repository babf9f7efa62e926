import { runTickLoop } from "../../shared/engine/runTickLoop";
import { tickWindowEnd } from "../../shared/engine/tickWindow";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import type { LambdaContext } from "../LambdaContext";
import { parseTickEvent } from "./parseTickEvent";

export interface TickResult {
  readonly ok: boolean;
  readonly rounds: number;
  readonly decisions: number;
  readonly actions: number;
  readonly conflicts: number;
  readonly errors: number;
  readonly problems?: readonly { path: string; message: string }[];
}

/**
 * The tick function: evaluates its shard every evaluation interval on absolute deadlines until
 * shortly before the next minute's schedule (and within the invocation's remaining time).
 * A malformed event is logged and answered, never thrown (EventBridge would only retry it).
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
  const reports = await runTickLoop(runtime.deps, { ...parsed.request, intervalS, until });
  for (const report of reports) runtime.observer.round("tick", report);
  return {
    ok: true,
    rounds: reports.length,
    decisions: reports.reduce((n, r) => n + r.outcomes.filter((o) => o.status === "decided").length, 0),
    actions: reports.reduce((n, r) => n + r.actions, 0),
    conflicts: reports.reduce((n, r) => n + r.conflicts, 0),
    errors: reports.reduce((n, r) => n + r.errors, 0),
  };
}
