/**
 * Delay before retry number `retry` (1 = the first retry): `baseMs * 2^(retry-1)`, capped at `capMs`.
 * Deterministic on purpose: these retries are rare (the SDK already retries throttled calls with jitter),
 * and a fixed schedule keeps the bound on an invocation's time predictable.
 */
export function backoffDelayMs(retry: number, baseMs: number, capMs: number): number {
  return Math.min(capMs, baseMs * 2 ** Math.max(0, retry - 1));
}
