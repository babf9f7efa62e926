/** The tick schedule's period: EventBridge invokes the tick function (each shard) once a minute. */
export const TICK_SCHEDULE_S = 60;

/** Time kept free at the end of an invocation so the last round finishes before the Lambda timeout. */
export const INVOCATION_SAFETY_S = 15;

/** What invocationDeadline needs; times are epoch seconds on the metric timeline. */
export interface InvocationDeadlineInput {
  /** When the invocation started its work. */
  readonly now: number;
  /** The invocation's remaining time (Lambda's getRemainingTimeInMillis / 1000); absent: unbounded. */
  readonly remainingS?: number;
}

/**
 * The last moment an invocation may start a round: `INVOCATION_SAFETY_S` before its time runs out, or
 * Infinity when nothing bounds it (the CLI).
 */
export function invocationDeadline({ now, remainingS }: InvocationDeadlineInput): number {
  return remainingS === undefined ? Number.POSITIVE_INFINITY : now + remainingS - INVOCATION_SAFETY_S;
}

/** What tickWindowEnd needs. */
export interface TickWindowInput {
  /** When the tick invocation started (its first round's deadline). */
  readonly start: number;
  /** Seconds between rounds (evaluation_interval_s). */
  readonly intervalS: number;
  /** The invocation's remaining time; absent: unbounded. */
  readonly remainingS?: number;
}

/**
 * The `until` of one tick invocation's loop (runTickLoop starts no round after it): its last round starts
 * one interval before the next minute's invocation starts its first, and within the invocation's
 * deadline; never before `start`, so every invocation evaluates at least once. The tick function, the
 * CLI's `tick` and the simulator all use this.
 */
export function tickWindowEnd({ start, intervalS, remainingS }: TickWindowInput): number {
  const beforeNextSchedule = start + TICK_SCHEDULE_S - intervalS;
  return Math.max(start, Math.min(beforeNextSchedule, invocationDeadline({ now: start, remainingS })));
}
