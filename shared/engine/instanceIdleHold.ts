import type { GroupScaleIn } from "./ports/TargetState";

/** What the idle-instance rule decides for one group this round (see instanceIdleHold). */
export interface InstanceIdleVerdict {
  /** The group's desired capacity to set: the plan's, or the current one while it is kept. */
  readonly instances: number;
  /** The timer to store with the controller's state (null: nothing is kept). */
  readonly scaleIn: GroupScaleIn | null;
  /** Set while instances are kept: when they fall to the plan (epoch seconds). */
  readonly keptUntil: number | null;
  /** Set when this round lowers the group after the hold: how long the plan had wanted fewer (seconds). */
  readonly releasedAfterS: number | null;
}

/**
 * The idle-instance rule, pure: when the plan wants FEWER instances than the group's current desired
 * capacity, the group keeps its current capacity until the plan has wanted fewer for `idleS` continuously
 * (elapsed time on the round's clock against the stored `since`), then falls to the plan. As Ray's cluster
 * autoscaler keeps an idle node `idle_timeout_minutes` and ECS managed scaling scales in after 15 minutes:
 * the next burst finds the instance running instead of waiting for a restart and a model load. Raising
 * (plan >= current) applies at once and clears the timer, and so does the lowering: instances the plan
 * stops needing later get their own full wait (a lowering that failed is held again: longer, never
 * shorter). A timer of another group (the controller's group changed) starts anew. `keepAtMost` (the
 * group's max and the GPU ceiling) bounds what is kept: instances above it are never held.
 */
export function instanceIdleHold(args: {
  readonly group: string;
  /** The plan's instances (planGroupCapacity). */
  readonly planned: number;
  /** The group's desired capacity as read this round. */
  readonly current: number;
  readonly keepAtMost: number;
  readonly idleS: number;
  /** The timer stored by the group's controller (null: none). */
  readonly stored: GroupScaleIn | null;
  readonly now: number;
}): InstanceIdleVerdict {
  const { group, planned, now } = args;
  const kept = Math.min(args.current, args.keepAtMost);
  if (planned >= kept) return { instances: planned, scaleIn: null, keptUntil: null, releasedAfterS: null };
  const since = args.stored !== null && args.stored.group === group ? args.stored.since : now;
  const until = since + args.idleS;
  if (now >= until) {
    // 0 s lowers at once, as before the rule: nothing was held, so nothing to say.
    const releasedAfterS = args.idleS > 0 ? now - since : null;
    return { instances: planned, scaleIn: null, keptUntil: null, releasedAfterS };
  }
  return { instances: kept, scaleIn: { group, since }, keptUntil: until, releasedAfterS: null };
}

/** What a reason adds for the rule's verdict (empty when it neither kept nor released instances). */
export function instanceIdleText(args: {
  readonly group: string;
  readonly planned: number;
  readonly verdict: InstanceIdleVerdict;
  readonly idleS: number;
}): string {
  const { group, planned, verdict, idleS } = args;
  if (verdict.keptUntil !== null) {
    const until = new Date(verdict.keptUntil * 1000).toISOString().slice(11, 19);
    return ` [Auto Scaling group ${group}: ${verdict.instances} instances kept (${planned} needed) until ${until} UTC, capacity.instance_idle_s ${idleS}]`;
  }
  if (verdict.releasedAfterS !== null) {
    const after = Math.round(verdict.releasedAfterS);
    return ` [Auto Scaling group ${group}: lowered to ${planned} instances, not needed for ${after} s >= capacity.instance_idle_s ${idleS}]`;
  }
  return "";
}
