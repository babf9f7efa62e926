import type { Forecast } from "../forecast/Forecast";
import type { EngineDeps } from "./EngineDeps";
import { loadRoundRecords, type RoundOptions } from "./loadPolicyRecords";
import type { OwnershipFacts } from "./ownership/OwnershipFacts";
import { readOwnership } from "./ownership/readOwnership";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { PolicyRecord } from "./ports/PolicyStore";
import type { Settings, TargetState } from "./ports/TargetState";
import { type BystanderAnswer, readGroupBystanders } from "./readGroupBystanders";
import { readGroupCapacities } from "./readGroupCapacities";
import { type HostedAnswer, readHostedTasks } from "./readHostedTasks";
import { type MetricReadings, readMetricAnswers } from "./readMetricAnswers";
import { type CountsAnswer, readServiceCounts } from "./readServiceCounts";
import { type ResolvedTargets, resolveTargets } from "./resolveTargets";
import type { RunnableTarget } from "./TargetSnapshot";

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
  /** The stored forecasts of the runnable targets with `predictive` on (absent: none stored). */
  readonly forecasts: ReadonlyMap<string, Forecast>;
  /** The tasks of targets on the round's Auto Scaling groups that the round does not evaluate. */
  readonly bystanders: ReadonlyMap<string, BystanderAnswer>;
  /** Which instances host tasks, per ECS cluster of the targets that may set a group. */
  readonly hosted: ReadonlyMap<string, HostedAnswer>;
}

/**
 * The read step of a round: the policy items, then the settings and the states (strongly consistent, one
 * batched read), the policies resolved (validated once per version, through the process's cache), then the
 * ECS counts, the groups' capacity (and which of their instances host tasks), the metrics, the forecasts
 * and the other controllers of the runnable targets, in parallel and batched.
 */
export async function readSnapshot(deps: EngineDeps, options: RoundOptions): Promise<RoundSnapshot> {
  const startedAt = deps.clock.now();
  const { records, listed } = await loadRoundRecords(deps, options);
  const [settings, states] = await Promise.all([
    deps.states.getSettings(),
    deps.states.getMany(records.map((r) => r.targetId)),
  ]);
  const targets = resolveTargets({ records, states, now: startedAt, cache: deps.memory.policies });
  const [counts, groups, metrics, forecasts, ownership, bystanders, hosted] = await Promise.all([
    readServiceCounts(deps, targets.runnable),
    readGroupCapacities(deps, targets.runnable),
    readMetricAnswers(deps, targets.runnable, startedAt),
    readForecasts(deps, targets.runnable),
    readOwnership(deps, { runnable: targets.runnable, listed }),
    readGroupBystanders(deps, { runnable: targets.runnable, listed }),
    readHostedTasks(deps, targets.runnable),
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
    forecasts,
    ownership,
    bystanders,
    hosted,
  };
}

const NO_FORECASTS: ReadonlyMap<string, Forecast> = new Map();
/** NO_FORECASTS, already resolved: a round without `predictive` (the usual one) starts no async call for it. */
const NO_FORECASTS_READ: Promise<ReadonlyMap<string, Forecast>> = Promise.resolve(NO_FORECASTS);

/**
 * The stored forecasts of the targets with `predictive` on, in one batched read. A failed read gives no
 * forecast (the floor is absent and reactive scaling goes on), reported to the observer per target.
 */
function readForecasts(
  deps: EngineDeps,
  runnable: readonly RunnableTarget[],
): Promise<ReadonlyMap<string, Forecast>> {
  if (deps.forecasts === undefined) return NO_FORECASTS_READ;
  // A loop, no arrays until a target has `predictive` on: most rounds have none.
  let ids: string[] | undefined;
  for (const t of runnable) {
    if (t.policy.predictive.mode === "off") continue;
    ids ??= [];
    ids.push(t.record.targetId);
  }
  return ids === undefined ? NO_FORECASTS_READ : forecastsOf(deps.forecasts, ids, deps.observer);
}

async function forecastsOf(
  store: NonNullable<EngineDeps["forecasts"]>,
  ids: readonly string[],
  observer: EngineDeps["observer"],
): Promise<ReadonlyMap<string, Forecast>> {
  try {
    return await store.getMany(ids);
  } catch (error) {
    for (const id of ids) observer.targetError(id, error);
    return NO_FORECASTS;
  }
}
