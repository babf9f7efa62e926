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

/**
 * One target decided: what the policy decided, and what the plan takes from what it saw (the count it
 * started from, the forecast floor, the load read): not the input itself, so each target's metric timeline
 * is garbage as soon as it is decided instead of living, for every target, until the round ends.
 */
export interface DecidedTarget {
  readonly target: RunnableTarget;
  readonly counts: ServiceCounts;
  readonly decision: Decision;
  /** The input's target (the count last decided, else ECS's desired count). */
  readonly targetReplicas: number;
  /** The forecast floor the decision saw; absent without one. */
  readonly forecast: DecisionInput["forecast"];
  /** The load total as measured (null: unreadable). */
  readonly load: number | null;
  /** Age of the newest load datapoint (seconds), null when there is none. */
  readonly metricAgeS: number | null;
}

/** The round's decisions, and the targets whose ECS counts could not be read (no decision for them). */
export interface DecisionPlan {
  readonly decided: readonly DecidedTarget[];
  readonly unreadable: readonly { readonly targetId: string; readonly error: string }[];
}

/** A target measured, waiting for the other members of its pipeline group to be decided with them. */
interface Measured {
  readonly target: RunnableTarget;
  readonly counts: ServiceCounts;
  readonly input: DecisionInput;
  readonly measurement: Measurement;
}

/**
 * The decide step, pure: each runnable target's load measured from the snapshot and its decision input
 * built (running and pending from ECS, the target from the state, else ECS's desired count), then decided,
 * pipeline groups together (decideGroup), all at the snapshot's `now`. A target alone is decided as soon as
 * it is measured; the decisions come in the order of the runnable targets.
 */
export function planDecisions(args: {
  readonly snapshot: RoundSnapshot;
  readonly ceilings: EngineDeps["ceilings"];
}): DecisionPlan {
  const { snapshot } = args;
  const slots: (DecidedTarget | undefined)[] = [];
  // Made for the first pipeline member only: most rounds have none.
  let groups: Map<string, { readonly slot: number; readonly measured: Measured }[]> | undefined;
  const unreadable: { targetId: string; error: string }[] = [];
  for (const [i, target] of snapshot.runnable.entries()) {
    const targetId = target.record.targetId;
    const answer = snapshot.counts.get(targetId) ?? { ok: false, error: "service not described" };
    if (!answer.ok) {
      unreadable.push({ targetId, error: answer.error });
      continue;
    }
    const measured = measure({ snapshot, target, counts: answer.counts, i, ceilings: args.ceilings });
    const group = target.policy.group?.name;
    if (group === undefined) {
      slots.push(decidedOf(measured, decide(target.policy, measured.input)));
      continue;
    }
    groups ??= new Map();
    const members = groups.get(group);
    const member = { slot: slots.length, measured };
    if (members) members.push(member);
    else groups.set(group, [member]);
    slots.push(undefined);
  }
  for (const members of groups?.values() ?? []) {
    const byId = decideGroup(
      members.map(
        ({ measured: { target, input } }): GroupMember => ({
          id: target.record.targetId,
          policy: target.policy,
          input,
        }),
      ),
    );
    for (const { slot, measured } of members) {
      const decision = byId.get(measured.target.record.targetId);
      if (decision) slots[slot] = decidedOf(measured, decision);
    }
  }
  const decided: DecidedTarget[] = [];
  for (const d of slots) if (d !== undefined) decided.push(d);
  return { decided, unreadable };
}

/** One target's load measured and its decision input built (see planDecisions). */
function measure(args: {
  readonly snapshot: RoundSnapshot;
  readonly target: RunnableTarget;
  readonly counts: ServiceCounts;
  /** The target's index among the runnable ones (its metric query ids). */
  readonly i: number;
  readonly ceilings: EngineDeps["ceilings"];
}): Measured {
  const { snapshot, target, counts } = args;
  const { now } = snapshot;
  const ids = snapshot.metrics.ids[args.i]!;
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
  return { target, counts, input, measurement };
}

function decidedOf(measured: Measured, decision: Decision): DecidedTarget {
  const { target, counts, input, measurement } = measured;
  return {
    target,
    counts,
    decision,
    targetReplicas: input.targetReplicas,
    forecast: input.forecast,
    load: measurement.load.total,
    metricAgeS: measurement.metricAgeS,
  };
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
