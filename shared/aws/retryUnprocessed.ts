import type { BatchRetryOptions } from "./BatchRetryOptions";
import { backoffDelayMs } from "./backoffDelayMs";

/**
 * Sends `items` with `send` (which returns the items the service left unprocessed), then re-sends what is
 * left, waiting `backoffDelayMs` before each retry, for at most `options.maxAttempts` sends in all.
 * Returns what is still unprocessed after the last send: empty on success, so the caller decides
 * whether leftovers are an error. A rejection of `send` propagates at once.
 */
export async function retryUnprocessed<T>(
  items: readonly T[],
  send: (items: readonly T[]) => Promise<readonly T[]>,
  options: BatchRetryOptions,
): Promise<readonly T[]> {
  let pending = items;
  for (let attempt = 1; pending.length > 0 && attempt <= options.maxAttempts; attempt++) {
    if (attempt > 1)
      await options.sleep(backoffDelayMs(attempt - 1, options.baseDelayMs, options.maxDelayMs));
    pending = await send(pending);
  }
  return pending;
}
