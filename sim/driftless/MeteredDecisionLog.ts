import type { DecisionLog, DecisionRecord } from "../../shared/engine/ports/DecisionLog";
import type { ControlPlaneMeter } from "./ControlPlaneMeter";
import type { SimDecisionLog } from "./SimDecisionLog";

/** The simulator's decision log, counted as the history table would be (BatchWriteItem of 25 items). */
export class MeteredDecisionLog implements DecisionLog {
  constructor(
    readonly inner: SimDecisionLog,
    private readonly meter: ControlPlaneMeter,
  ) {}

  async append(records: readonly DecisionRecord[]): Promise<void> {
    this.meter.call("DynamoDB:BatchWriteItem", Math.ceil(records.length / 25));
    for (const r of records) this.meter.writeItem(this.meter.sizeOf("history", r));
    this.inner.add(records);
  }

  async recent(targetId: string, limit: number): Promise<DecisionRecord[]> {
    this.meter.call("DynamoDB:Query");
    return this.inner.recent(targetId, limit);
  }
}
