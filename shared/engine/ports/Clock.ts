/** The injected clock: the only way the engine learns the time or waits. */
export interface Clock {
  /** Epoch seconds. */
  now(): number;
  /** Resolves at the absolute time `at` (epoch seconds), at once if it has passed. */
  sleepUntil(at: number): Promise<void>;
}
