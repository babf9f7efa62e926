import type { Decision } from "../policy/decide";
import { contestedText, nextOutsideChanges, type OutsideChanges } from "./ownership/outsideChanges";
import type { OwnershipVerdict } from "./ownership/ownershipVerdict";
import { pausedDirectionHold } from "./pausedDirectionRule";
import type { ServiceCounts } from "./ports/ServiceScaler";
import type { ActionHold, Settings } from "./ports/TargetState";
import { shadowHold } from "./shadowRule";
import type { RunnableTarget } from "./TargetSnapshot";

/** What holds a target's actions this evaluation, and the ownership and outside changes it follows from. */
export interface TargetHold {
  readonly held: ActionHold | null;
  /** The ownership verdict, with a contest (repeated outside changes) as a hold when nothing else holds. */
  readonly ownership: OwnershipVerdict;
  readonly outside: OutsideChanges;
}

/**
 * The hold rule, pure: kill switch, paused, shadow, another controller (or a contest: the ECS count changed
 * outside driftless too often), then a paused direction. The planner of the target and the planner of its
 * shared Auto Scaling group both ask it, so they agree on whether the target acts.
 */
export function targetHold(p: {
  readonly target: RunnableTarget;
  readonly decision: Decision;
  readonly counts: ServiceCounts;
  readonly settings: Settings;
  readonly ownership?: OwnershipVerdict | undefined;
  readonly now: number;
}): TargetHold {
  const { target, counts } = p;
  const base = target.state;
  const outside = nextOutsideChanges({
    previous: base?.lastDecision?.outsideChanges,
    action: base?.action ?? null,
    serviceDesired: counts.desired,
    mayAct: !p.settings.killSwitch && !target.policy.paused && !target.policy.shadow && !p.ownership?.hold,
    policyVersion: target.tp.version,
    now: p.now,
  });
  const ownership = withContest(p.ownership, outside);
  return { held: holdOf(p, ownership), ownership, outside };
}

/** What holds the target's actions, the first that applies: kill switch, pause, shadow, another controller, paused direction. */
function holdOf(
  p: {
    readonly target: RunnableTarget;
    readonly decision: Decision;
    readonly counts: ServiceCounts;
    readonly settings: Settings;
  },
  ownership: OwnershipVerdict,
): ActionHold | null {
  const { policy } = p.target;
  if (p.settings.killSwitch) return "kill switch";
  if (policy.paused) return "paused";
  const shadow = shadowHold(policy);
  if (shadow !== null) return shadow;
  if (ownership.hold) return "another controller";
  return pausedDirectionHold({
    policy,
    serviceDesired: p.counts.desired,
    desired: p.decision.desiredReplicas,
  });
}

function withContest(verdict: OwnershipVerdict | undefined, outside: OutsideChanges): OwnershipVerdict {
  const base = verdict ?? { hold: null, groupHold: null };
  return base.hold === null && outside.contested !== null ? { ...base, hold: contestedText(outside) } : base;
}
