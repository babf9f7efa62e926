import { type DueDelay, dueDelays } from "./dueDelays";
import type { EngineDeps } from "./EngineDeps";
import { evaluateRound, type RoundOptions, type RoundReport } from "./evaluateRound";

export interface TickLoopOptions extends RoundOptions {
  /** Seconds between rounds (evaluation_interval_s). */
  readonly intervalS: number;
  /** No round starts after this time (epoch seconds): shortly before the next schedule or the timeout. */
  readonly until: number;
  /** Called with the error of each round that failed as a whole (it is also reported to the observer). */
  readonly onRoundFailed?: (error: unknown) => void;
}

/**
 * Evaluates rounds on absolute deadlines start + k x interval until `until`, never sleeping a
 * fixed interval in a row, so rounds do not drift; a round that overruns skips the deadlines it
 * missed instead of bursting. A delay that comes due between two rounds is decided at its deadline,
 * by a round of just its targets (as the alarm path does), not left to the next round. A failing
 * round is reported and the loop goes on.
 */
export async function runTickLoop(deps: EngineDeps, options: TickLoopOptions): Promise<RoundReport[]> {
  const { clock } = deps;
  const start = clock.now();
  const reports: RoundReport[] = [];
  // The same options every round: made once, not per round.
  const round = roundOf(options);
  let k = 0;
  while (start + k * options.intervalS <= options.until) {
    await clock.sleepUntil(start + k * options.intervalS);
    const report = await safeRound(deps, round, options);
    if (report) reports.push(report);
    const behind = Math.ceil((clock.now() - start) / options.intervalS - 1e-9);
    k = Math.max(k + 1, behind);
    const next = start + k * options.intervalS;
    // Most rounds have no delay due before the next: no further round, no promise.
    const due = report && next <= options.until ? dueDelays(report, next) : NONE_DUE;
    if (due.length > 0) await decideDueDelays(deps, options, { due, next, reports });
  }
  return reports;
}

const NONE_DUE: readonly DueDelay[] = Object.freeze([]);

/** At most this many rounds for due delays between two deadlines (as many as the alarm path's). */
const MAX_DUE_ROUNDS = 10;

/** Rounds of the targets whose delays come due (`due`) before `next`, each at its deadline, added to `reports`. */
async function decideDueDelays(
  deps: EngineDeps,
  options: TickLoopOptions,
  args: { readonly due: readonly DueDelay[]; readonly next: number; readonly reports: RoundReport[] },
): Promise<void> {
  const { next, reports } = args;
  let due = args.due;
  let rounds = 0;
  while (due.length > 0 && rounds < MAX_DUE_ROUNDS) {
    const at = due[0]!.at;
    await deps.clock.sleepUntil(at);
    const targetIds = due.filter((d) => d.at <= at + 1e-6).map((d) => d.targetId);
    const woken = await safeRound(deps, { ...roundOf(options), targetIds }, options);
    if (!woken) break;
    reports.push(woken);
    rounds++;
    // A target still waiting (a scale-down whose datapoints have not come) is due again later, if before next.
    const again = dueDelays(woken, next).filter((d) => d.at > deps.clock.now());
    due = [...due.filter((d) => d.at > at + 1e-6), ...again].sort((a, b) => a.at - b.at);
  }
}

/** The round options of the loop's own rounds (its shard, its targets), without the loop's timing. */
function roundOf(options: TickLoopOptions): RoundOptions {
  return {
    ...(options.shard ? { shard: options.shard } : {}),
    ...(options.targetIds ? { targetIds: options.targetIds } : {}),
  };
}

async function safeRound(
  deps: EngineDeps,
  round: RoundOptions,
  options: TickLoopOptions,
): Promise<RoundReport | null> {
  try {
    return await evaluateRound(deps, round);
  } catch (error) {
    deps.observer.targetError("*", error);
    options.onRoundFailed?.(error);
    return null;
  }
}
