import type { DecisionLog, DecisionRecord } from "../../shared/engine/ports/DecisionLog";

/**
 * Which history records a simulated run keeps in memory: every one (what tests inspect), or only the
 * decisions that changed the count (all a run's results read: lateness). Either way every record is
 * metered as written to the history table.
 */
export type KeptDecisions = "all" | "changes";

/**
 * The history table in a simulated run. A round's record that changes nothing is most of what a long
 * run would otherwise keep alive (about 20 MB a simulated day), and the garbage collector copies what
 * survives: runs that only summarize keep the changes.
 */
export class SimDecisionLog implements DecisionLog {
  readonly records: DecisionRecord[] = [];
  /**
   * For each change, the newest earlier round of its target that wanted no change its way (no change and
   * no delay running in that direction), or null: lateness reads it to tell data that did not yet show
   * the change from a round that missed it.
   */
  readonly notWantedBefore = new Map<DecisionRecord, number | null>();
  private readonly lastNotWanted = new Map<string, { up: number | null; down: number | null }>();

  constructor(private readonly keep: KeptDecisions = "all") {}

  async append(records: readonly DecisionRecord[]): Promise<void> {
    this.add(records);
  }

  /**
   * append, synchronously: the metered log calls this, because awaiting a second promise inside each of
   * its calls cost about as much as the bookkeeping.
   */
  add(records: readonly DecisionRecord[]): void {
    for (const record of records) {
      this.track(record);
      if (this.keep === "all" || record.direction !== "none") this.records.push(record);
    }
  }

  private track(record: DecisionRecord): void {
    let last = this.lastNotWanted.get(record.targetId);
    if (last === undefined) {
      last = { up: null, down: null };
      this.lastNotWanted.set(record.targetId, last);
    }
    if (record.direction !== "none") {
      this.notWantedBefore.set(record, last[record.direction]);
      return;
    }
    const running = record.pendingDelay?.direction;
    if (running !== "up") last.up = record.at;
    if (running !== "down") last.down = record.at;
  }

  /** The newest `limit` kept decisions of `targetId`, newest first. */
  async recent(targetId: string, limit: number): Promise<DecisionRecord[]> {
    return this.records
      .filter((r) => r.targetId === targetId)
      .sort((a, b) => b.at - a.at)
      .slice(0, limit);
  }
}
