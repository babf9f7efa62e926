import { DriftlessError } from "../../shared/errors/DriftlessError";
import type { TickResult } from "./handleTick";

/**
 * Thrown by the tick function when it attempted rounds and every one failed as a whole (the policies or
 * state could not even be read): the invocation then counts in Lambda's Errors metric, which the
 * functions' error alarm watches. `result` is what the tick would have answered; the cause is the last
 * round's error. A single bad target never fails a round: it is one outcome with status `error`.
 */
export class TickFailedError extends DriftlessError {
  readonly result: TickResult;

  constructor(result: TickResult, cause: unknown) {
    super(
      `every evaluation round of this tick failed (${result.failedRounds} of ${result.failedRounds}); last: ${String(cause)}`,
      { cause },
    );
    this.name = "TickFailedError";
    this.result = result;
  }
}
