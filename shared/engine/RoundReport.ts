import type { Decision } from "../policy/decide";
import type { DecisionRecord } from "./ports/DecisionLog";

/** What happened to one target in a round. */
export interface TargetOutcome {
  readonly targetId: string;
  /** decided: state written (and acted if needed); conflict: another evaluation won; skipped/error: no decision. */
  readonly status: "decided" | "conflict" | "skipped" | "error";
  readonly record?: DecisionRecord;
  readonly decision?: Decision;
  /** The AWS actions carried out, e.g. `ecs:llm=4`, `asg:gpu-asg=2`. */
  readonly actions: readonly string[];
  readonly error?: string;
}

/** A round's summary: outcomes per target and the AWS calls it made. */
export interface RoundReport {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcomes: readonly TargetOutcome[];
  readonly conflicts: number;
  readonly errors: number;
  readonly actions: number;
  readonly invalidPolicies: number;
  readonly calls: Readonly<Record<string, number>>;
}

/** The report of a round from its outcomes and the API-call counters before and after it. */
export function summarizeRound(args: {
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly outcomes: readonly TargetOutcome[];
  readonly invalidPolicies: number;
  readonly callsBefore: Readonly<Record<string, number>>;
  readonly callsAfter: Readonly<Record<string, number>>;
}): RoundReport {
  const { outcomes } = args;
  const calls: Record<string, number> = {};
  for (const [k, v] of Object.entries(args.callsAfter)) {
    const delta = v - (args.callsBefore[k] ?? 0);
    if (delta > 0) calls[k] = delta;
  }
  return {
    startedAt: args.startedAt,
    finishedAt: args.finishedAt,
    outcomes,
    conflicts: outcomes.filter((o) => o.status === "conflict").length,
    errors: outcomes.filter((o) => o.status === "error").length,
    actions: outcomes.reduce((n, o) => n + o.actions.length, 0),
    invalidPolicies: args.invalidPolicies,
    calls,
  };
}
