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
 * missed instead of bursting. A failing round is reported and the loop goes on.
 */
export async function runTickLoop(deps: EngineDeps, options: TickLoopOptions): Promise<RoundReport[]> {
  const { clock } = deps;
  const start = clock.now();
  const reports: RoundReport[] = [];
  let k = 0;
  while (start + k * options.intervalS <= options.until) {
    await clock.sleepUntil(start + k * options.intervalS);
    try {
      reports.push(await evaluateRound(deps, options));
    } catch (error) {
      deps.observer.targetError("*", error);
      options.onRoundFailed?.(error);
    }
    const behind = Math.ceil((clock.now() - start) / options.intervalS - 1e-9);
    k = Math.max(k + 1, behind);
  }
  return reports;
}
