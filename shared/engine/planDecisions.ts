import { predictiveFloor } from "../forecast/predictiveFloor";
import { type Decision, type DecisionInput, decide } from "../policy/decide";
import { decideGroup, type GroupMember } from "../policy/decideGroup";
import { INITIAL_POLICY_STATE } from "../policy/PolicyState";
import type { EngineDeps } from "./EngineDeps";
import { type Measurement, measureLoad } from "./measureLoad";
import type { ServiceCounts } from "./ports/ServiceScaler";
import { managedGroupOf } from "./readGroupCapacities";
import type { RoundSnapshot } from "./readSnapshot";
import type { RunnableTarget } from "./TargetSnapshot";

/** One target decided: what it saw and what the policy decided. */
export interface DecidedTarget {
  readonly target: RunnableTarget;
  readonly input: DecisionInput;
  readonly measurement: Measurement;
  readonly counts: ServiceCounts;
  readonly decision: Decision;
}

/** The round's decisions, and the targets whose ECS counts could not be read (no decision for them). */
export interface DecisionPlan {
  readonly decided: readonly DecidedTarget[];
  readonly unreadable: readonly { readonly targetId: string; readonly error: string }[];
}

/**
 * The decide step, pure: each runnable target's load measured from the snapshot and its decision input
 * built (running and pending from ECS, the target from the state, else ECS's desired count), then decided,
 * pipeline groups together (decideGroup), all at the snapshot's `now`.
 */
export function planDecisions(args: {
  readonly snapshot: RoundSnapshot;
  readonly ceilings: EngineDeps["ceilings"];
}): DecisionPlan {
  const { snapshot } = args;
  const { now } = snapshot;
  const seen: Omit<DecidedTarget, "decision">[] = [];
  const unreadable: { targetId: string; error: string }[] = [];
  for (const [i, target] of snapshot.runnable.entries()) {
    const targetId = target.record.targetId;
    const answer = snapshot.counts.get(targetId) ?? { ok: false, error: "service not described" };
    if (!answer.ok) {
      unreadable.push({ targetId, error: answer.error });
      continue;
    }
    const counts = answer.counts;
    const ids = snapshot.metrics.ids[i]!;
    const measurement = measureLoad(target.policy, ids, snapshot.metrics.answers, counts.running, now);
    const input: { -readonly [K in keyof DecisionInput]: DecisionInput[K] } = {
      now,
      currentReplicas: counts.running,
      pendingReplicas: counts.pending,
      targetReplicas: target.state?.target ?? counts.desired,
      state: target.state?.policyState ?? INITIAL_POLICY_STATE,
      load: measurement.load,
      latencyMs: measurement.latencyMs,
      ceilings: args.ceilings,
    };
    // Present only with a usable forecast (set, not spread: this runs for every target in every round).
    const forecast = forecastOf(target, snapshot);
    if (forecast !== undefined) input.forecast = forecast;
    seen.push({ target, input, measurement, counts });
  }
  const decisions = decideAll(seen);
  const decided: DecidedTarget[] = [];
  for (let k = 0; k < seen.length; k++) {
    const { target, input, measurement, counts } = seen[k]!;
    const decision = decisions[k];
    if (decision) decided.push({ target, input, measurement, counts, decision });
  }
  return { decided, unreadable };
}

/** The forecast floor input of a target with a usable stored forecast (see predictiveFloor), else undefined. */
function forecastOf(target: RunnableTarget, snapshot: RoundSnapshot): DecisionInput["forecast"] {
  const forecast = snapshot.forecasts.get(target.record.targetId);
  if (forecast === undefined) return undefined;
  const { policy } = target;
  const floor = predictiveFloor({
    forecast,
    now: snapshot.now,
    predictive: policy.predictive,
    targetOngoingRequests: policy.ray.targetOngoingRequests,
    warmPoolReady: hasWarmedInstances(snapshot, policy),
  });
  const { forecastReplicas: replicas, madeAt, risenAt } = floor;
  if (replicas === null || madeAt === null || risenAt === null) return undefined;
  return { replicas, at: floor.at, madeAt, risenAt, acts: floor.acts };
}

/** Whether the group the target may set has a warm pool holding warmed instances (stopped, running or hibernated). */
function hasWarmedInstances(snapshot: RoundSnapshot, policy: RunnableTarget["policy"]): boolean {
  const group = managedGroupOf(policy);
  const pool = group === undefined ? undefined : snapshot.groups.get(group)?.warmPool;
  return pool !== undefined && pool.stopped + pool.running + pool.hibernated > 0;
}

/**
 * Decides every target, alone or with the other members of its pipeline group: the decisions in the order
 * of `seen` (by index, not by id: no map of every target per round).
 */
function decideAll(seen: readonly Omit<DecidedTarget, "decision">[]): (Decision | undefined)[] {
  const decisions = new Array<Decision | undefined>(seen.length);
  const groups = new Map<string, number[]>();
  for (let k = 0; k < seen.length; k++) {
    const { target, input } = seen[k]!;
    const group = target.policy.group?.name;
    if (group === undefined) decisions[k] = decide(target.policy, input);
    else {
      const members = groups.get(group);
      if (members) members.push(k);
      else groups.set(group, [k]);
    }
  }
  for (const indexes of groups.values()) {
    const members = indexes.map((k): GroupMember => {
      const { target, input } = seen[k]!;
      return { id: target.record.targetId, policy: target.policy, input };
    });
    const byId = decideGroup(members);
    for (const k of indexes) decisions[k] = byId.get(seen[k]!.target.record.targetId);
  }
  return decisions;
}
