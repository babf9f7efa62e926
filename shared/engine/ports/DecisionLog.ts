import type { DecisionSummary } from "./TargetState";

/** One history item: a decision with its full trace and what the evaluation saw. */
export interface DecisionRecord extends DecisionSummary {
  readonly targetId: string;
  readonly policyVersion: number | null;
  readonly running: number;
  readonly pending: number;
  readonly load: number | null;
  readonly metricAgeS: number | null;
  /** Whether an action was carried out (false when paused, killed, or nothing changed). */
  readonly acted: boolean;
}

/** The history table: every decision, expiring after its retention. */
export interface DecisionLog {
  append(records: readonly DecisionRecord[]): Promise<void>;
  /** The newest `limit` decisions of a target, newest first. */
  recent(targetId: string, limit: number): Promise<DecisionRecord[]>;
}
