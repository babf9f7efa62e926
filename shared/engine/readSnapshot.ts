import type { EngineDeps } from "./EngineDeps";
import { loadRoundRecords, type RoundOptions } from "./loadPolicyRecords";
import type { OwnershipFacts } from "./ownership/OwnershipFacts";
import { readOwnership } from "./ownership/readOwnership";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { PolicyRecord } from "./ports/PolicyStore";
import type { Settings, TargetState } from "./ports/TargetState";
import { readGroupCapacities } from "./readGroupCapacities";
import { type MetricReadings, readMetricAnswers } from "./readMetricAnswers";
import { type CountsAnswer, readServiceCounts } from "./readServiceCounts";
import { type ResolvedTargets, resolveTargets } from "./resolveTargets";

/** Everything a round reads, once, before it plans anything. */
export interface RoundSnapshot extends ResolvedTargets {
  readonly startedAt: number;
  /** The one time the round decides at: taken once the measurements are in hand, so lateness includes the reads. */
  readonly now: number;
  readonly records: readonly PolicyRecord[];
  readonly states: ReadonlyMap<string, TargetState>;
  readonly settings: Settings;
  readonly counts: ReadonlyMap<string, CountsAnswer>;
  readonly groups: ReadonlyMap<string, GroupCapacity>;
  readonly metrics: MetricReadings;
  /** Who else claims or scales the targets' services and groups (one controller per service). */
  readonly ownership: OwnershipFacts;
}

/**
 * The read step of a round: the policy items, then the settings and the states (strongly consistent, one
 * batched read), the policies resolved (validated once per version, through the process's cache), then the
 * ECS counts, the groups' capacity, the metrics and the other controllers of the runnable targets, in
 * parallel and batched.
 */
export async function readSnapshot(deps: EngineDeps, options: RoundOptions): Promise<RoundSnapshot> {
  const startedAt = deps.clock.now();
  const { records, listed } = await loadRoundRecords(deps, options);
  const [settings, states] = await Promise.all([
    deps.states.getSettings(),
    deps.states.getMany(records.map((r) => r.targetId)),
  ]);
  const targets = resolveTargets({ records, states, now: startedAt, cache: deps.memory.policies });
  const [counts, groups, metrics, ownership] = await Promise.all([
    readServiceCounts(deps, targets.runnable),
    readGroupCapacities(deps, targets.runnable),
    readMetricAnswers(deps, targets.runnable, startedAt),
    readOwnership(deps, {
      runnable: targets.runnable.map((t) => ({ ...t, targetId: t.record.targetId })),
      listed,
    }),
  ]);
  const now = deps.clock.now();
  return {
    invalid: targets.invalid,
    skipped: targets.skipped,
    runnable: targets.runnable,
    startedAt,
    now,
    records,
    states,
    settings,
    counts,
    groups,
    metrics,
    ownership,
  };
}
