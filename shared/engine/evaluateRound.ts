import { randomUUID } from "node:crypto";
import { StateConflictError } from "../errors/StateConflictError";
import { type Decision, type DecisionInput, decide } from "../policy/decide";
import { decideGroup, type GroupMember } from "../policy/decideGroup";
import { INITIAL_POLICY_STATE } from "../policy/PolicyState";
import type { ResolvedPolicy } from "../policy/ResolvedPolicy";
import { buildMetricQueries, metricWindowS } from "./buildMetricQueries";
import type { EngineDeps } from "./EngineDeps";
import { freshTargetState } from "./freshTargetState";
import { instancesNeeded } from "./instancesNeeded";
import { type Measurement, measureLoad } from "./measureLoad";
import type { GroupCapacity } from "./ports/CapacityScaler";
import type { DecisionLog, DecisionRecord } from "./ports/DecisionLog";
import type { MetricAnswer } from "./ports/MetricsSource";
import type { PolicyRecord } from "./ports/PolicyStore";
import type { ServiceCounts } from "./ports/ServiceScaler";
import type { DecisionSummary, ScalingAction, Settings, TargetState } from "./ports/TargetState";
import { resolveTargetPolicy, type TargetPolicy } from "./resolveTargetPolicy";
import { shardOf } from "./shardOf";

/** Which targets one round evaluates. */
export interface RoundOptions {
  /** Only this shard of all targets (the tick function's split). */
  readonly shard?: { readonly index: number; readonly count: number };
  /** Only these targets (the alarm function, `driftless tick --target`). */
  readonly targetIds?: readonly string[];
}

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

interface Prepared {
  readonly record: PolicyRecord;
  readonly state: TargetState | undefined;
  readonly tp: TargetPolicy;
}

interface Runnable extends Prepared {
  readonly policy: ResolvedPolicy;
  readonly cluster: string;
  readonly service: string;
}

const DEFAULT_GRACE_S = 60;

/**
 * Per decision log (one per process: the functions build theirs once per cold start), the newest decision
 * of each target this process has appended to the history. A target's last decision that is not in it may
 * never have been appended (its evaluation died after the state write, or the append failed): see
 * recoverHistory.
 */
const appendedByLog = new WeakMap<DecisionLog, Map<string, string>>();

/**
 * One evaluation round: load policies and state (strongly consistent), measure every target with
 * batched reads, decide (pipeline groups together), then per target write the new state and the
 * intended action conditionally on the version read, act, and mark the action applied. A losing
 * writer stands down; an unapplied action or a desired count changed outside driftless is
 * reconciled; one failing target never stops the others.
 */
export async function evaluateRound(deps: EngineDeps, options: RoundOptions = {}): Promise<RoundReport> {
  const { clock } = deps;
  const startedAt = clock.now();
  const callsBefore = deps.calls ? { ...deps.calls.snapshot() } : {};

  const records = await loadPolicyRecords(deps, options);
  const [settings, states] = await Promise.all([
    deps.states.getSettings(),
    deps.states.getMany(records.map((r) => r.targetId)),
  ]);
  const outcomes: TargetOutcome[] = [];
  const runnable: Runnable[] = [];
  let invalidPolicies = 0;
  for (const record of records) {
    const state = states.get(record.targetId);
    const tp = resolveTargetPolicy(record, state, startedAt);
    if (!tp.status.valid) {
      invalidPolicies++;
      deps.observer.invalidPolicy(record.targetId, record.version, tp.status.problems);
    }
    const target = tp.policy?.target;
    if (!tp.policy || !target) {
      const why = !tp.policy
        ? "policy is invalid and there is no last known-good policy"
        : "policy has no target section (cluster and service)";
      outcomes.push({ targetId: record.targetId, status: "skipped", actions: [], error: why });
      await recordPolicyStatus(deps, record.targetId, state, tp, startedAt);
      continue;
    }
    runnable.push({ record, state, tp, policy: tp.policy, cluster: target.cluster, service: target.service });
  }

  const [counts, groups, answers] = await Promise.all([
    describeServices(deps, runnable),
    describeGroups(deps, runnable),
    fetchMetrics(deps, runnable, startedAt),
  ]);

  // Decide at the time the measurements are in hand, so lateness includes the reads.
  const now = clock.now();
  const inputs = new Map<string, { input: DecisionInput; measurement: Measurement; counts: ServiceCounts }>();
  for (const [i, r] of runnable.entries()) {
    const c = counts.get(r.record.targetId);
    if (!c.ok) {
      outcomes.push({ targetId: r.record.targetId, status: "error", actions: [], error: c.error });
      deps.observer.targetError(r.record.targetId, new Error(c.error));
      continue;
    }
    const measurement = measureLoad(r.policy, answers.ids[i]!, answers.answers, c.counts.running, now);
    const input: DecisionInput = {
      now,
      currentReplicas: c.counts.running,
      pendingReplicas: c.counts.pending,
      targetReplicas: r.state?.target ?? c.counts.desired,
      state: r.state?.policyState ?? INITIAL_POLICY_STATE,
      load: measurement.load,
      latencyMs: measurement.latencyMs,
      ceilings: deps.ceilings,
    };
    inputs.set(r.record.targetId, { input, measurement, counts: c.counts });
  }
  const decisions = decideAll(
    runnable.filter((r) => inputs.has(r.record.targetId)),
    inputs,
  );
  // Before this round's writes replace them, so a decision is never lost between two crashes.
  await recoverHistory(deps, records, states);

  const committed = await mapLimit(
    runnable.filter((r) => decisions.has(r.record.targetId)),
    deps.concurrency ?? 16,
    (r) => {
      const { input, measurement, counts: c } = inputs.get(r.record.targetId)!;
      return commitAndAct(
        deps,
        r,
        decisions.get(r.record.targetId)!,
        input,
        measurement,
        c,
        settings,
        groups,
        now,
      );
    },
  );
  outcomes.push(...committed);
  await appendHistory(
    deps,
    committed.flatMap((o) => (o.record ? [o.record] : [])),
  );

  const callsAfter = deps.calls?.snapshot() ?? {};
  const calls: Record<string, number> = {};
  for (const [k, v] of Object.entries(callsAfter)) {
    const delta = v - (callsBefore[k] ?? 0);
    if (delta > 0) calls[k] = delta;
  }
  return {
    startedAt,
    finishedAt: clock.now(),
    outcomes,
    conflicts: outcomes.filter((o) => o.status === "conflict").length,
    errors: outcomes.filter((o) => o.status === "error").length,
    actions: outcomes.reduce((n, o) => n + o.actions.length, 0),
    invalidPolicies,
    calls,
  };
}

async function loadPolicyRecords(deps: EngineDeps, options: RoundOptions): Promise<PolicyRecord[]> {
  let records: PolicyRecord[];
  if (options.targetIds) {
    const found = await Promise.all(options.targetIds.map((id) => deps.policies.get(id)));
    records = found.filter((r): r is PolicyRecord => r !== undefined);
  } else {
    records = await deps.policies.list();
  }
  const shard = options.shard;
  return shard ? records.filter((r) => shardOf(r.targetId, shard.count) === shard.index) : records;
}

/**
 * Appends decision records to the history and remembers them as appended by this process. History is
 * best effort: a failed append is reported, and the state table still holds each target's last decision,
 * which the next round re-appends (recoverHistory).
 */
async function appendHistory(deps: EngineDeps, records: readonly DecisionRecord[]): Promise<void> {
  if (records.length === 0) return;
  try {
    await deps.log.append(records);
  } catch (error) {
    for (const rec of records) deps.observer.targetError(rec.targetId, error);
    return;
  }
  let appended = appendedByLog.get(deps.log);
  if (appended === undefined) {
    appended = new Map();
    appendedByLog.set(deps.log, appended);
  }
  for (const rec of records) appended.set(rec.targetId, rec.evaluationId);
}

/**
 * Re-appends, rebuilt from the state, each target's last decision that this process has not appended
 * itself: its evaluation may have died between its state write and its history append. History items are
 * keyed by target and decision time, so a record appended twice is stored once. In steady state every last
 * decision is this process's own and nothing is written; after a cold start, or a decision made by the
 * other function, one record per target is.
 */
async function recoverHistory(
  deps: EngineDeps,
  records: readonly PolicyRecord[],
  states: ReadonlyMap<string, TargetState>,
): Promise<void> {
  const appended = appendedByLog.get(deps.log);
  const lost: DecisionRecord[] = [];
  for (const { targetId } of records) {
    const state = states.get(targetId);
    const last = state?.lastDecision;
    if (state && last && appended?.get(targetId) !== last.evaluationId) lost.push(recordOf(state, last));
  }
  await appendHistory(deps, lost);
}

/** The history record of a state's last decision (acted: its own action was applied). */
function recordOf(state: TargetState, last: DecisionSummary): DecisionRecord {
  const action = state.action;
  return {
    ...last,
    targetId: state.targetId,
    policyVersion: last.policyVersion ?? null,
    running: last.running ?? 0,
    pending: last.pending ?? 0,
    load: last.load ?? null,
    metricAgeS: last.metricAgeS ?? null,
    acted: action !== null && action.appliedAt !== null && last.evaluationId.startsWith(`${action.id}:`),
  };
}

async function recordPolicyStatus(
  deps: EngineDeps,
  targetId: string,
  state: TargetState | undefined,
  tp: TargetPolicy,
  now: number,
): Promise<void> {
  const stored = state?.policyStatus;
  if (stored && stored.version === tp.status.version && stored.valid === tp.status.valid) return;
  const base = state ?? freshTargetState(targetId);
  try {
    await deps.states.put(
      { ...base, version: base.version + 1, policyStatus: tp.status, updatedAt: now },
      base.version,
    );
  } catch (error) {
    if (!(error instanceof StateConflictError)) deps.observer.targetError(targetId, error);
  }
}

type CountsAnswer = { ok: true; counts: ServiceCounts } | { ok: false; error: string };

async function describeServices(
  deps: EngineDeps,
  runnable: readonly Runnable[],
): Promise<{ get(targetId: string): CountsAnswer }> {
  const byCluster = new Map<string, Runnable[]>();
  for (const r of runnable) byCluster.set(r.cluster, [...(byCluster.get(r.cluster) ?? []), r]);
  const answers = new Map<string, CountsAnswer>();
  await Promise.all(
    [...byCluster].map(async ([cluster, members]) => {
      try {
        const found = await deps.services.describe(cluster, [...new Set(members.map((m) => m.service))]);
        for (const m of members) {
          const counts = found.get(m.service);
          answers.set(
            m.record.targetId,
            counts
              ? { ok: true, counts }
              : { ok: false, error: `ECS service ${m.service} not found in cluster ${cluster}` },
          );
        }
      } catch (error) {
        for (const m of members) answers.set(m.record.targetId, { ok: false, error: errorText(error) });
      }
    }),
  );
  return { get: (id) => answers.get(id) ?? { ok: false, error: "service not described" } };
}

async function describeGroups(
  deps: EngineDeps,
  runnable: readonly Runnable[],
): Promise<Map<string, GroupCapacity>> {
  const names = [
    ...new Set(
      runnable.flatMap((r) => {
        const cap = r.policy.target?.capacity;
        return cap?.mode === "direct" && cap.auto_scaling_group ? [cap.auto_scaling_group] : [];
      }),
    ),
  ];
  if (names.length === 0) return new Map();
  try {
    return await deps.capacity.describe(names);
  } catch (error) {
    // Without the group's capacity, direct-mode targets still scale their tasks; instances wait.
    for (const r of runnable)
      if (r.policy.target?.capacity?.mode === "direct") deps.observer.targetError(r.record.targetId, error);
    return new Map();
  }
}

async function fetchMetrics(deps: EngineDeps, runnable: readonly Runnable[], now: number) {
  const { queries, ids } = buildMetricQueries(runnable);
  let answers: Map<string, MetricAnswer>;
  if (queries.length === 0) {
    answers = new Map();
  } else {
    const windowS = Math.max(...runnable.map((r) => metricWindowS(r.policy)));
    try {
      answers = await deps.metrics.fetch(queries, now - windowS, now);
    } catch (error) {
      // Every target then sees unreadable load: it holds and counts a failure, never scales down.
      const failure: MetricAnswer = { ok: false, error: errorText(error) };
      answers = new Map(queries.map((q) => [q.id, failure]));
    }
  }
  return { ids, answers };
}

function decideAll(
  runnable: readonly Runnable[],
  inputs: ReadonlyMap<string, { input: DecisionInput }>,
): Map<string, Decision> {
  const decisions = new Map<string, Decision>();
  const groups = new Map<string, GroupMember[]>();
  for (const r of runnable) {
    const id = r.record.targetId;
    const input = inputs.get(id)!.input;
    const group = r.policy.group?.name;
    if (group === undefined) {
      decisions.set(id, decide(r.policy, input));
    } else {
      groups.set(group, [...(groups.get(group) ?? []), { id, policy: r.policy, input }]);
    }
  }
  for (const members of groups.values()) {
    for (const [id, d] of decideGroup(members)) decisions.set(id, d);
  }
  return decisions;
}

async function commitAndAct(
  deps: EngineDeps,
  r: Runnable,
  decision: Decision,
  input: DecisionInput,
  measurement: Measurement,
  counts: ServiceCounts,
  settings: Settings,
  groups: ReadonlyMap<string, GroupCapacity>,
  now: number,
): Promise<TargetOutcome> {
  const targetId = r.record.targetId;
  const base = r.state ?? freshTargetState(targetId);
  const version = base.version + 1;
  const grace = deps.actionGraceS ?? DEFAULT_GRACE_S;
  const hold = settings.killSwitch || r.policy.paused;
  const desired = decision.desiredReplicas;

  const capacity = r.policy.target?.capacity;
  const group =
    capacity?.mode === "direct" && capacity.auto_scaling_group
      ? groups.get(capacity.auto_scaling_group)
      : undefined;
  // Instances rise only for the tasks decided, and fall only once the tasks still present are gone; the
  // deploy-time GPU ceiling bounds spare instances too.
  let instances: number | null = null;
  if (capacity && group) {
    const maxInstances =
      deps.ceilings.maxGpus === undefined
        ? Number.POSITIVE_INFINITY
        : Math.floor(deps.ceilings.maxGpus / capacity.gpus_per_instance);
    const need = (replicas: number) =>
      instancesNeeded(
        replicas,
        capacity.gpus_per_task,
        capacity.gpus_per_instance,
        capacity.spare_instances,
        group.min,
        group.max,
        maxInstances,
      );
    const up = need(desired);
    const keep = need(Math.max(desired, counts.running + counts.pending));
    instances = Math.min(keep, Math.max(up, group.desired));
  }
  const instancesDiffer = instances !== null && group !== undefined && instances !== group.desired;

  const prev = base.action;
  const prevUnapplied = prev !== null && prev.appliedAt === null;
  let action: ScalingAction | null = prev;
  let act = false;
  let note = "";
  if (!hold) {
    if (desired !== input.targetReplicas) {
      action = newAction(targetId, version, desired, instances, decision.intendedAt ?? now, now);
      act = true;
    } else if (prevUnapplied && prev.desiredReplicas === desired) {
      const applied =
        counts.desired === desired &&
        (group === undefined || prev.desiredInstances === null || group.desired === prev.desiredInstances);
      if (applied && !instancesDiffer) {
        // Applied before a crash but never marked: mark it, call nothing.
        act = true;
        action = prev;
      } else if (applied) {
        // Applied before a crash; what is left are the instances the tasks no longer need.
        action = newAction(targetId, version, desired, instances, now, now);
        act = true;
      } else if (prev.error !== null || now - prev.decidedAt >= grace) {
        // A failed action has no owner left to wait for; an unapplied one gets the grace first.
        action = { ...prev, id: `${targetId}:${version}`, desiredInstances: instances, error: null };
        act = true;
        note =
          prev.error !== null
            ? ` (retried action ${prev.id}, which failed: ${prev.error})`
            : ` (took over action ${prev.id}, unapplied for ${Math.round(now - prev.decidedAt)} s)`;
      }
    } else if (counts.desired !== desired) {
      action = newAction(targetId, version, desired, instances, now, now);
      act = true;
      note = ` (ECS desired count was ${counts.desired}, changed outside driftless: restored to ${desired})`;
    } else if (instancesDiffer) {
      action = newAction(targetId, version, desired, instances, now, now);
      act = true;
    }
  }
  const reason = decision.reason + note + (settings.killSwitch ? " [kill switch on: no action]" : "");
  const latenessMs =
    decision.intendedAt === null ? null : Math.max(0, Math.round((now - decision.intendedAt) * 1000));
  const evaluationId = `${targetId}:${version}:${(deps.newId ?? randomUUID)()}`;
  const summary = {
    evaluationId,
    at: now,
    desiredReplicas: desired,
    previousTarget: input.targetReplicas,
    direction: decision.direction,
    reason,
    intendedAt: decision.intendedAt,
    latenessMs,
    pendingDelay: decision.pendingDelay,
    trace: decision.trace,
    policyVersion: r.tp.version,
    running: counts.running,
    pending: counts.pending,
    load: measurement.load.total,
    metricAgeS: measurement.metricAgeS,
  };
  const next: TargetState = {
    targetId,
    version,
    target: desired,
    policyState: decision.state,
    action,
    lastDecision: summary,
    lastKnownGood: r.tp.lastKnownGood,
    policyStatus: r.tp.status,
    updatedAt: now,
  };
  try {
    await deps.states.put(next, base.version);
  } catch (error) {
    // The write may have landed although we did not hear so: a retried write whose first attempt landed
    // reads as a conflict, and a write whose every answer was lost as a network error. Check whether the
    // stored item is ours.
    const ours = await wroteIt(deps, targetId, evaluationId);
    if (!ours) {
      if (error instanceof StateConflictError) {
        deps.observer.conflict(targetId, "decide");
        return { targetId, status: "conflict", actions: [] };
      }
      deps.observer.targetError(targetId, error);
      return { targetId, status: "error", actions: [], error: errorText(error) };
    }
  }

  const actions: string[] = [];
  let actError: string | null = null;
  if (act && action) {
    try {
      await applyAction(deps, r, action, counts, group, actions);
    } catch (error) {
      actError = errorText(error);
      deps.observer.targetError(targetId, error);
    }
    try {
      const marked = await deps.states.markActionApplied(
        targetId,
        action.id,
        actError ? null : deps.clock.now(),
        actError,
      );
      if (!marked) deps.observer.conflict(targetId, "mark-applied");
    } catch (error) {
      deps.observer.targetError(targetId, error);
    }
  }
  const record: DecisionRecord = { ...summary, targetId, acted: actions.length > 0 };
  deps.observer.decision(record);
  return actError
    ? { targetId, status: "error", record, decision, actions, error: actError }
    : { targetId, status: "decided", record, decision, actions };
}

/** Carries out an action, calling only what differs: instances up before tasks, tasks, then instances down. */
async function applyAction(
  deps: EngineDeps,
  r: Runnable,
  action: ScalingAction,
  counts: ServiceCounts,
  group: GroupCapacity | undefined,
  done: string[],
): Promise<void> {
  const asg = r.policy.target?.capacity?.auto_scaling_group;
  const instances = action.desiredInstances;
  if (asg && group && instances !== null && instances > group.desired) {
    await deps.capacity.setDesired(asg, instances);
    done.push(`asg:${asg}=${instances}`);
  }
  if (counts.desired !== action.desiredReplicas) {
    await deps.services.setDesired(r.cluster, r.service, action.desiredReplicas);
    done.push(`ecs:${r.service}=${action.desiredReplicas}`);
  }
  if (asg && group && instances !== null && instances < group.desired) {
    await deps.capacity.setDesired(asg, instances);
    done.push(`asg:${asg}=${instances}`);
  }
}

async function wroteIt(deps: EngineDeps, targetId: string, evaluationId: string): Promise<boolean> {
  try {
    return (await deps.states.get(targetId))?.lastDecision?.evaluationId === evaluationId;
  } catch {
    return false;
  }
}

function newAction(
  targetId: string,
  version: number,
  desiredReplicas: number,
  desiredInstances: number | null,
  intendedAt: number,
  decidedAt: number,
): ScalingAction {
  return {
    id: `${targetId}:${version}`,
    desiredReplicas,
    desiredInstances,
    intendedAt,
    decidedAt,
    appliedAt: null,
    error: null,
  };
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Maps with at most `limit` promises in flight, keeping order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]!);
    }
  });
  await Promise.all(workers);
  return results;
}
