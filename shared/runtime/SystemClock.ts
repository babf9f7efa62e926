import { setTimeout as sleep } from "node:timers/promises";
import type { Clock } from "../engine/ports/Clock";

/** The wall clock, for the functions and the CLI: the only place driftless reads real time. */
export class SystemClock implements Clock {
  now(): number {
    return Date.now() / 1000;
  }

  async sleepUntil(at: number): Promise<void> {
    const ms = at * 1000 - Date.now();
    if (ms > 0) await sleep(ms);
  }
}
