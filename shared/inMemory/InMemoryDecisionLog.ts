import type { DecisionLog, DecisionRecord } from "../engine/ports/DecisionLog";

/** A DecisionLog in memory (simulator, tests). */
export class InMemoryDecisionLog implements DecisionLog {
  readonly records: DecisionRecord[] = [];

  async append(records: readonly DecisionRecord[]): Promise<void> {
    this.records.push(...records);
  }

  async recent(targetId: string, limit: number): Promise<DecisionRecord[]> {
    return this.records
      .filter((r) => r.targetId === targetId)
      .sort((a, b) => b.at - a.at)
      .slice(0, limit);
  }
}
