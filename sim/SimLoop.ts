import type { Clock } from "../shared/engine/ports/Clock";
import { EventQueue } from "./EventQueue";

type SimEvent =
  | { readonly kind: "call"; readonly fn: () => void }
  | { readonly kind: "wake"; readonly wake: () => void }
  | { readonly kind: "start"; readonly start: () => Promise<unknown> };

/**
 * The discrete-event loop and the virtual clock in one: events run in time order, and `now()` is the
 * time of the event being run. It implements the engine's Clock port, so the production loops
 * (`runTickLoop`, `runAlarmEvaluation`) run unchanged as simulated processes: `sleepUntil` parks the
 * process on an event at its deadline and hands control back to the loop, which resumes it there.
 * Only one process runs at a time and each runs until it sleeps or ends, which keeps runs
 * deterministic. A process must wait on nothing but this clock (the in-memory ports resolve at once);
 * one that does is reported as an error instead of hanging the run.
 */
export class SimLoop implements Clock {
  private t: number;
  private readonly queue = new EventQueue<SimEvent>();
  /** The process running now: settled when it sleeps or ends (null between processes). */
  private running: { readonly resolve: () => void; readonly reject: (error: Error) => void } | null = null;
  private watchdog: ReturnType<typeof setImmediate> | null = null;
  private readonly failures: unknown[] = [];
  /** Events run so far (a measure of the simulation's work). */
  events = 0;

  constructor(start: number) {
    this.t = start;
  }

  now(): number {
    return this.t;
  }

  /** Runs `fn` at virtual time `t` (now if `t` has passed). */
  at(t: number, fn: () => void): void {
    this.queue.push(Math.max(t, this.t), { kind: "call", fn });
  }

  /** Runs `fn` `seconds` from now. */
  after(seconds: number, fn: () => void): void {
    this.at(this.t + seconds, fn);
  }

  /** Starts `process` at virtual time `t` as a simulated process; its failure fails the run. */
  spawn(t: number, process: () => Promise<unknown>): void {
    this.queue.push(Math.max(t, this.t), { kind: "start", start: process });
  }

  sleepUntil(at: number): Promise<void> {
    return new Promise<void>((wake) => {
      this.queue.push(Math.max(at, this.t), { kind: "wake", wake });
      this.handBack();
    });
  }

  /** Runs every event up to and including time `until`, then leaves the clock at `until`. */
  async run(until: number): Promise<void> {
    while (this.queue.peekTime() <= until) {
      const next = this.queue.pop()!;
      this.t = next.t;
      this.events++;
      const event = next.item;
      if (event.kind === "call") event.fn();
      else await this.step(event);
      if (this.failures.length > 0) throw this.failures[0];
    }
    if (Number.isFinite(until) && until > this.t) this.t = until;
  }

  /** Whether any event is still scheduled. */
  get idle(): boolean {
    return this.queue.size === 0;
  }

  private step(event: Exclude<SimEvent, { kind: "call" }>): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.running = { resolve, reject };
      this.armWatchdog();
      if (event.kind === "wake") {
        event.wake();
      } else {
        event.start().then(
          () => this.handBack(),
          (error: unknown) => {
            this.failures.push(error);
            this.handBack();
          },
        );
      }
    });
  }

  /**
   * Processes run on microtasks only, so the macrotask queue gets its turn only once they are drained: a
   * process still running then waits on something outside the simulation. Fail loudly rather than hang.
   * One watchdog serves every process until it fires (an immediate per process cost more than the rest
   * of the loop's bookkeeping).
   */
  private armWatchdog(): void {
    if (this.watchdog !== null) return;
    this.watchdog = setImmediate(() => {
      this.watchdog = null;
      const stuck = this.running;
      this.running = null;
      stuck?.reject(new Error("a simulated process waited on something other than the virtual clock"));
    });
  }

  private handBack(): void {
    const running = this.running;
    this.running = null;
    running?.resolve();
  }
}
