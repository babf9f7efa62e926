import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../shared/engine/ports/Clock";

/** The wall clock, whose waits end (with an AbortError) when the demo is stopped or interrupted. */
export class AbortableClock implements Clock {
  constructor(private readonly signal: AbortSignal) {}

  now(): number {
    return Date.now() / 1000;
  }

  async sleepUntil(at: number): Promise<void> {
    this.signal.throwIfAborted();
    const ms = at * 1000 - Date.now();
    if (ms > 0) await sleep(ms, undefined, { signal: this.signal });
  }
}
