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
  const { outcomes, callsBefore, callsAfter } = args;
  const calls: Record<string, number> = {};
  for (const k in callsAfter) {
    const delta = callsAfter[k]! - (callsBefore[k] ?? 0);
    if (delta > 0) calls[k] = delta;
  }
  // One pass over the outcomes: a round has one per target.
  let conflicts = 0;
  let errors = 0;
  let actions = 0;
  for (const o of outcomes) {
    if (o.status === "conflict") conflicts++;
    else if (o.status === "error") errors++;
    actions += o.actions.length;
  }
  return {
    startedAt: args.startedAt,
    finishedAt: args.finishedAt,
    outcomes,
    conflicts,
    errors,
    actions,
    invalidPolicies: args.invalidPolicies,
    calls,
  };
}
