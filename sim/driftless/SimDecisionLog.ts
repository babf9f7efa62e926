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

  constructor(private readonly keep: KeptDecisions = "all") {}

  async append(records: readonly DecisionRecord[]): Promise<void> {
    for (const record of records)
      if (this.keep === "all" || record.direction !== "none") this.records.push(record);
  }

  /** The newest `limit` kept decisions of `targetId`, newest first. */
  async recent(targetId: string, limit: number): Promise<DecisionRecord[]> {
    return this.records
      .filter((r) => r.targetId === targetId)
      .sort((a, b) => b.at - a.at)
      .slice(0, limit);
  }
}
