import { randomUUID } from "node:crypto";
import { StateConflictError } from "../errors/StateConflictError";
import { appendHistory } from "./appendHistory";
import { commitTarget } from "./commitTarget";
import type { EngineDeps } from "./EngineDeps";
import type { RoundOptions } from "./loadPolicyRecords";
import { mapLimit } from "./mapLimit";
import { type DecidedTarget, planDecisions } from "./planDecisions";
import { lostDecisions } from "./planHistory";
import { planRoundGroups, type RoundGroups } from "./planRoundGroups";
import { planTarget } from "./planTarget";
import type { DecisionRecord } from "./ports/DecisionLog";
import { type RoundReport, summarizeRound, type TargetOutcome } from "./RoundReport";
import { type RoundSnapshot, readSnapshot } from "./readSnapshot";
import type { SkippedTarget } from "./TargetSnapshot";
import { writePolicyStatus } from "./writePolicyStatus";

export type { RoundOptions } from "./loadPolicyRecords";
export type { RoundReport, TargetOutcome } from "./RoundReport";

const DEFAULT_GRACE_S = 60;
const DEFAULT_CONCURRENCY = 16;
const NO_CALLS: Readonly<Record<string, number>> = Object.freeze({});

/**
 * One evaluation round, as read → plan → commit. Read: the policies, settings and states (strongly
 * consistent), then every target's ECS counts, group capacity and metrics, batched, into one snapshot with
 * one `now`. Plan (pure): each target's decision (pipeline groups together), then its action by the
 * reconciliation rule and the state to write. Commit, per target: write the state conditionally on the
 * version read, act, mark the action applied. A losing writer stands down; an unapplied action or a
 * desired count changed outside driftless is reconciled; one failing target never stops the others.
 */
export async function evaluateRound(deps: EngineDeps, options: RoundOptions = {}): Promise<RoundReport> {
  const callsBefore = deps.calls?.snapshot() ?? NO_CALLS;
  const snapshot = await readSnapshot(deps, options);
  for (const { record, tp } of snapshot.invalid)
    deps.observer.invalidPolicy(record.targetId, record.version, tp.status.problems);
  const { decided, unreadable } = planDecisions({ snapshot, ceilings: deps.ceilings });

  const outcomes: TargetOutcome[] = [];
  for (const skipped of snapshot.skipped) {
    outcomes.push({ targetId: skipped.record.targetId, status: "skipped", actions: [], error: skipped.why });
    await recordSkippedStatus(deps, skipped, snapshot.startedAt);
  }
  for (const { targetId, error } of unreadable) {
    outcomes.push({ targetId, status: "error", actions: [], error });
    deps.observer.targetError(targetId, new Error(error));
  }
  // Before this round's writes replace them, so a decision is never lost between two crashes.
  const targetIds = snapshot.records.map((r) => r.targetId);
  const lost = lostDecisions({ targetIds, states: snapshot.states, appended: deps.memory.appended });
  if (lost.length > 0) await appendHistory(deps, lost);

  // Each Auto Scaling group is planned once, for all its targets' tasks; one of them sets it.
  const groups = planRoundGroups({ snapshot, decided, maxGpus: deps.ceilings.maxGpus });
  // One id per round: each evaluation id adds its target and version, which a round evaluates once.
  const roundId = decided.length > 0 ? (deps.newId ?? randomUUID)() : "";
  const committed = await mapLimit(decided, deps.concurrency ?? DEFAULT_CONCURRENCY, (d) =>
    planAndCommit(deps, { snapshot, groups, roundId }, d),
  );
  const records: DecisionRecord[] = [];
  for (const outcome of committed) {
    outcomes.push(outcome);
    if (outcome.record) records.push(outcome.record);
  }
  await appendHistory(deps, records);
  return summarizeRound({
    startedAt: snapshot.startedAt,
    finishedAt: deps.clock.now(),
    outcomes,
    invalidPolicies: snapshot.invalid.length,
    callsBefore,
    callsAfter: deps.calls?.snapshot() ?? NO_CALLS,
  });
}

/** Plans one decided target (pure) and commits the plan. */
function planAndCommit(
  deps: EngineDeps,
  round: { readonly snapshot: RoundSnapshot; readonly groups: RoundGroups; readonly roundId: string },
  decided: DecidedTarget,
): Promise<TargetOutcome> {
  const { snapshot, groups } = round;
  const targetId = decided.target.targetId;
  const ownership = groups.verdicts.get(targetId);
  const groupName = ownership?.setsGroup;
  const group = groupName === undefined ? undefined : snapshot.groups.get(groupName);
  const share = groups.shares.get(targetId);
  const plan = planTarget({
    target: decided.target,
    decision: decided.decision,
    targetReplicas: decided.targetReplicas,
    forecast: decided.forecast,
    load: decided.load,
    metricAgeS: decided.metricAgeS,
    counts: decided.counts,
    group,
    groupShare: share,
    settings: snapshot.settings,
    graceS: deps.actionGraceS ?? DEFAULT_GRACE_S,
    now: snapshot.now,
    uniqueId: round.roundId,
    ownership,
  });
  // Only the member that sets the group this round may call it (a stale action of another carries old instances).
  return commitTarget({ deps, decided, plan, group: share?.controls === true ? group : undefined });
}

/** Records a skipped target's policy status by the one policy-status rule; a conflict means another writer won. */
async function recordSkippedStatus(deps: EngineDeps, skipped: SkippedTarget, now: number): Promise<void> {
  try {
    await writePolicyStatus({
      states: deps.states,
      targetId: skipped.record.targetId,
      validation: { status: skipped.tp.status, lastKnownGood: skipped.tp.lastKnownGood },
      now,
      known: { state: skipped.state },
    });
  } catch (error) {
    if (!(error instanceof StateConflictError)) deps.observer.targetError(skipped.record.targetId, error);
  }
}
