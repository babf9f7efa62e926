import type { PolicyCache } from "./PolicyCache";
import type { PolicyRecord } from "./ports/PolicyStore";
import type { TargetState } from "./ports/TargetState";
import { resolveTargetPolicy } from "./resolveTargetPolicy";
import type { RunnableTarget, SkippedTarget, TargetSnapshot } from "./TargetSnapshot";

/** The round's targets split by what can be done with them (see resolveTargets). */
export interface ResolvedTargets {
  /** Every target whose stored policy item is invalid (with or without a fallback). */
  readonly invalid: readonly TargetSnapshot[];
  readonly skipped: readonly SkippedTarget[];
  readonly runnable: readonly RunnableTarget[];
}

/**
 * Resolves each target's policy (through the cache) and sorts the targets: runnable (a policy to run that
 * names its ECS service) or skipped (no valid policy and no last known-good, or no target section).
 */
export function resolveTargets(args: {
  readonly records: readonly PolicyRecord[];
  readonly states: ReadonlyMap<string, TargetState>;
  readonly now: number;
  readonly cache: PolicyCache;
}): ResolvedTargets {
  const invalid: TargetSnapshot[] = [];
  const skipped: SkippedTarget[] = [];
  const runnable: RunnableTarget[] = [];
  for (const record of args.records) {
    const state = args.states.get(record.targetId);
    const tp = resolveTargetPolicy({ record, state, now: args.now, cache: args.cache });
    if (!tp.status.valid) invalid.push({ record, state, tp });
    const target = tp.policy?.target;
    if (!tp.policy || !target) {
      const why = !tp.policy
        ? "policy is invalid and there is no last known-good policy"
        : "policy has no target section (cluster and service)";
      skipped.push({ record, state, tp, why });
      continue;
    }
    runnable.push({
      targetId: record.targetId,
      record,
      state,
      tp,
      policy: tp.policy,
      cluster: target.cluster,
      service: target.service,
    });
  }
  return { invalid, skipped, runnable };
}
