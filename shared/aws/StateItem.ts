import type { DecisionSummary, TargetState } from "../engine/ports/TargetState";

/** A DecisionSummary as stored: the trace is a JSON string (see StateItem). */
export type DecisionSummaryItem = Omit<DecisionSummary, "trace"> & { readonly trace: string };

/**
 * A state-table item: the TargetState as native DynamoDB maps and lists (nulls kept as NULL), except the
 * decision trace, which is a JSON string: it is only ever read whole (by `explain`), and one string keeps
 * the item small and readable in the console.
 */
export type StateItem = Omit<TargetState, "lastDecision"> & {
  readonly lastDecision: DecisionSummaryItem | null;
};
