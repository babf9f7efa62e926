import type { DecisionRecord } from "./DecisionLog";

/** Where the engine reports what happened (structured logs and metrics in the functions). */
export interface EvaluationObserver {
  decision(record: DecisionRecord): void;
  conflict(targetId: string, stage: "decide" | "mark-applied" | "claim"): void;
  invalidPolicy(
    targetId: string,
    version: number,
    problems: readonly { path: string; message: string }[],
  ): void;
  targetError(targetId: string, error: unknown): void;
}

/** An observer that ignores everything (tests and tools that read the round report instead). */
export const SILENT_OBSERVER: EvaluationObserver = {
  decision: () => {},
  conflict: () => {},
  invalidPolicy: () => {},
  targetError: () => {},
};
