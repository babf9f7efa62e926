import type { Clock } from "../engine/ports/Clock";

/** A clock that moves only when told: sleeping advances it to the deadline (simulator, tests). */
export class ManualClock implements Clock {
  constructor(private t: number) {}

  now(): number {
    return this.t;
  }

  async sleepUntil(at: number): Promise<void> {
    if (at > this.t) this.t = at;
  }

  /** Moves the clock forward by `seconds`. */
  advance(seconds: number): void {
    this.t += seconds;
  }

  set(at: number): void {
    this.t = at;
  }
}
