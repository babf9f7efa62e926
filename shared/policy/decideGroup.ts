import { type Decision, type DecisionInput, decide } from "./decide";
import type { ResolvedPolicy } from "./ResolvedPolicy";
import { rawDesiredReplicas } from "./rawDesiredReplicas";

/** One target of a pipeline group, with what its own decision would see. */
export interface GroupMember {
  readonly id: string;
  readonly policy: ResolvedPolicy;
  readonly input: DecisionInput;
}

/**
 * Decides the targets of one pipeline group together, as Ray's application-level policy does:
 * each stage's demand is at least its upstream stage's demand x upstream_ratio (downstream sized
 * from upstream, so a burst entering the pipeline scales every stage at once), then every target
 * runs its own pipeline (its own factors, delays, bounds and limits still apply); a shared
 * group.max_gpus budget is granted bottleneck first (highest demand per running replica).
 * Returns one decision per member id.
 */
export function decideGroup(members: readonly GroupMember[]): Map<string, Decision> {
  const demands = stageDemands(members);
  const decisions = new Map<string, Decision>();
  for (const member of members) {
    const floor = demands.floors.get(member.id);
    decisions.set(
      member.id,
      decide(member.policy, floor ? { ...member.input, rawFloor: floor } : member.input),
    );
  }
  const budget = groupGpuBudget(members);
  if (budget === undefined) return decisions;

  const gpus = (m: GroupMember) => m.policy.gpusPerTask;
  // What each member already has is never taken away by the budget; only growth is rationed.
  let remaining = budget;
  for (const m of members) {
    const d = decisions.get(m.id)!;
    remaining -= Math.min(d.desiredReplicas, m.input.targetReplicas) * gpus(m);
  }
  const byPressure = [...members].sort((a, b) => pressure(b, demands) - pressure(a, demands));
  for (const m of byPressure) {
    const d = decisions.get(m.id)!;
    const base = Math.min(d.desiredReplicas, m.input.targetReplicas);
    const growth = d.desiredReplicas - base;
    if (growth <= 0) continue;
    const granted = Math.max(0, Math.min(growth, Math.floor(Math.max(0, remaining) / gpus(m))));
    remaining -= granted * gpus(m);
    if (granted < growth) {
      const floor = demands.floors.get(m.id);
      const cap = {
        replicas: base + granted,
        note: `group ${m.policy.group?.name} GPU budget ${budget}: ${granted} of ${growth} more replica(s) granted, bottleneck first`,
      };
      decisions.set(m.id, decide(m.policy, { ...m.input, ...(floor ? { rawFloor: floor } : {}), cap }));
    }
  }
  return decisions;
}

interface StageDemands {
  readonly floors: Map<string, { replicas: number; note: string }>;
  readonly demand: Map<string, number>;
}

function stageDemands(members: readonly GroupMember[]): StageDemands {
  const floors = new Map<string, { replicas: number; note: string }>();
  const demand = new Map<string, number>();
  const stages = [...new Set(members.map((m) => m.policy.group?.stage ?? 0))].sort((a, b) => a - b);
  let upstreamDemand: number | undefined;
  let upstreamStage: number | undefined;
  for (const stage of stages) {
    let stageDemand = 0;
    for (const m of members.filter((x) => (x.policy.group?.stage ?? 0) === stage)) {
      const { total } = m.input.load;
      const own =
        total === null
          ? m.input.targetReplicas
          : rawDesiredReplicas(
              m.input.currentReplicas,
              total,
              m.policy.ray.targetOngoingRequests,
              m.input.targetReplicas,
            );
      const ratio = m.policy.group?.upstream_ratio;
      let coordinated = own;
      if (ratio !== undefined && upstreamDemand !== undefined) {
        const fromUpstream = upstreamDemand * ratio;
        if (fromUpstream > own) {
          coordinated = fromUpstream;
          floors.set(m.id, {
            replicas: fromUpstream,
            note: `sized from upstream stage ${upstreamStage}: ${round(upstreamDemand)} x upstream_ratio ${ratio}`,
          });
        }
      }
      demand.set(m.id, coordinated);
      stageDemand += coordinated;
    }
    upstreamDemand = stageDemand;
    upstreamStage = stage;
  }
  return { floors, demand };
}

function groupGpuBudget(members: readonly GroupMember[]): number | undefined {
  let budget: number | undefined;
  for (const m of members) {
    const b = m.policy.group?.max_gpus;
    // Members that disagree on the budget get the strictest one.
    if (b !== undefined) budget = budget === undefined ? b : Math.min(budget, b);
  }
  return budget;
}

function pressure(m: GroupMember, demands: StageDemands): number {
  const d = demands.demand.get(m.id) ?? 0;
  const running = m.input.currentReplicas;
  return running > 0 ? d / running : d > 0 ? Number.POSITIVE_INFINITY : 0;
}

const round = (x: number) => Math.round(x * 100) / 100;
