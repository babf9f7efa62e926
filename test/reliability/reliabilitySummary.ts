/**
 * The counters every reliability suite reports, collected into one JSON Lines file that
 * `test/reliability/printSummary.ts` turns into the table `npm run test:reliability` prints at the end.
 *
 * The file is `$DRIFTLESS_RELIABILITY_SUMMARY` (the npm script sets a path of its own under the temp dir,
 * so runs at the same time never mix), else `driftless-reliability.jsonl` in the OS temp dir. Suites append
 * to it only while it exists: `printSummary.ts --reset` creates it before vitest runs and the final
 * `printSummary.ts` removes it after printing, so a plain `npm test` runs the same suites and leaves nothing
 * behind. Test files run in separate workers; each appends one short line (O_APPEND), so lines never mix.
 */
import { appendFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const SUMMARY_ENV = "DRIFTLESS_RELIABILITY_SUMMARY";

/** One suite's counters (a suite is one test file, or one scenario family within it). */
export interface ReliabilityCounters {
  readonly suite: string;
  /** Faults the proxy injected, or crashes the crash wrapper simulated. */
  readonly faultsInjected: number;
  /** Target evaluations (one target in one round), conflicts and errors included. */
  readonly evaluations: number;
  /** Scaling calls that changed ECS or Auto Scaling (an absolute count the world did not have yet). */
  readonly actions: number;
  /** Scaling calls that set a count the world already had: an action applied again (must be 0). */
  readonly doubleActions: number;
  /** Committed state writes another writer overwrote without reading them (must be 0). */
  readonly lostUpdates: number;
  /** Evaluation loops or handlers that threw instead of reporting (must be 0). */
  readonly loopCrashes: number;
  /** Scaling calls away from what the load asks for, or past it (must be 0). */
  readonly wrongDirection: number;
  /** Conditional writes lost to another evaluation (reported, not a failure). */
  readonly conflicts?: number;
  /** Figures printed under the table (the scale run's wall time, calls and cost). */
  readonly details?: Readonly<Record<string, string | number>>;
}

/** Where the counters go. */
export function summaryPath(env: Readonly<Record<string, string | undefined>> = process.env): string {
  const given = env[SUMMARY_ENV];
  return given !== undefined && given !== "" ? given : join(tmpdir(), "driftless-reliability.jsonl");
}

/** Appends `counters` to the summary file when a `test:reliability` run is collecting (the file exists). */
export function recordReliability(counters: ReliabilityCounters): void {
  const path = summaryPath();
  if (!existsSync(path)) return;
  appendFileSync(path, `${JSON.stringify(counters)}\n`);
}

/** Counters being added up over a test file; `record()` writes them once (call it in afterAll). */
export class ReliabilityTally {
  faultsInjected = 0;
  evaluations = 0;
  actions = 0;
  doubleActions = 0;
  lostUpdates = 0;
  loopCrashes = 0;
  wrongDirection = 0;
  conflicts = 0;
  details: Record<string, string | number> = {};

  constructor(readonly suite: string) {}

  /** Adds another tally's (or counters') figures to this one. */
  add(other: Partial<Omit<ReliabilityCounters, "suite" | "details">>): void {
    this.faultsInjected += other.faultsInjected ?? 0;
    this.evaluations += other.evaluations ?? 0;
    this.actions += other.actions ?? 0;
    this.doubleActions += other.doubleActions ?? 0;
    this.lostUpdates += other.lostUpdates ?? 0;
    this.loopCrashes += other.loopCrashes ?? 0;
    this.wrongDirection += other.wrongDirection ?? 0;
    this.conflicts += other.conflicts ?? 0;
  }

  record(): void {
    recordReliability({
      suite: this.suite,
      faultsInjected: this.faultsInjected,
      evaluations: this.evaluations,
      actions: this.actions,
      doubleActions: this.doubleActions,
      lostUpdates: this.lostUpdates,
      loopCrashes: this.loopCrashes,
      wrongDirection: this.wrongDirection,
      conflicts: this.conflicts,
      ...(Object.keys(this.details).length > 0 ? { details: this.details } : {}),
    });
  }
}
