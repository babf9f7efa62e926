/** How a batch adapter retries the items DynamoDB hands back unprocessed (UnprocessedKeys/Items). */
export interface BatchRetryOptions {
  /** Sends per batch, the first included; the rest are retries of what came back unprocessed. */
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
  /** Waits `ms` milliseconds; injectable so tests need not wait. */
  readonly sleep: (ms: number) => Promise<void>;
}

/** 6 sends with waits of 50, 100, 200, 400, 800 ms between them: at most 1.55 s of waiting per batch. */
export const DEFAULT_BATCH_RETRY: BatchRetryOptions = Object.freeze({
  maxAttempts: 6,
  baseDelayMs: 50,
  maxDelayMs: 800,
  sleep: (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)),
});
