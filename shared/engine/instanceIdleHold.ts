import type { GroupScaleIn, IdleStep } from "./ports/TargetState";

/** What the idle-instance rule decides for one group this round (see instanceIdleHold). */
export interface InstanceIdleVerdict {
  /** The group's desired capacity to set: the plan's, the current one while all are kept, or a count between as some waits end. */
  readonly instances: number;
  /** The timers to store with the controller's state (null: nothing is kept). */
  readonly scaleIn: GroupScaleIn | null;
  /** Set while instances are kept: when the next of them falls (epoch seconds). */
  readonly keptUntil: number | null;
  /** Set when this round lowers the group after the hold: how long the plan had not needed the instances let go (seconds). */
  readonly releasedAfterS: number | null;
}

/**
 * The idle-instance rule, pure: when the plan wants FEWER instances than the group's current desired
 * capacity, each instance above the plan is kept until the plan has not needed it for `idleS`
 * continuously (elapsed time on the round's clock against its stored timer), then the group falls to
 * the lowest count whose wait is over. As Ray's cluster autoscaler keeps each idle node
 * `idle_timeout_minutes` from when its last replica left (and ECS managed scaling scales in after 15
 * minutes): the next burst finds the instance running instead of waiting for a restart and a model load.
 * The timers are kept count by count (GroupScaleIn.steps), so an instance the plan stops needing while
 * others are kept gets its own full wait, never the rest of theirs. Raising (plan >= current) applies at
 * once and clears the timers; a plan that rises during the wait ends the timers of the counts it needs
 * again. Timers of another group (the controller's group changed), or of a group raised since they were
 * stored (above `kept`: another member's round or an operator needed more meanwhile), start anew.
 * `keepAtMost` (the group's max and the GPU ceiling) bounds what is kept: instances above it are never held.
 */
export function instanceIdleHold(args: {
  readonly group: string;
  /** The plan's instances (planGroupCapacity). */
  readonly planned: number;
  /** The group's desired capacity as read this round. */
  readonly current: number;
  readonly keepAtMost: number;
  readonly idleS: number;
  /** The timers stored by the group's controller (null: none). */
  readonly stored: GroupScaleIn | null;
  readonly now: number;
}): InstanceIdleVerdict {
  const { group, planned, now, idleS } = args;
  const kept = Math.min(args.current, args.keepAtMost);
  if (planned >= kept) return { instances: planned, scaleIn: null, keptUntil: null, releasedAfterS: null };
  const stored = timersHold(args.stored, group, args.current) ? args.stored!.steps : [];
  const steps = nextIdleSteps(stored, planned, kept, now);
  // The timers are oldest first, counts falling: those that are due are a prefix, the last the lowest.
  let instances = kept;
  let releasedSince: number | null = null;
  let waiting = 0;
  while (waiting < steps.length && now >= steps[waiting]!.since + idleS) {
    instances = steps[waiting]!.instances;
    releasedSince = steps[waiting]!.since;
    waiting++;
  }
  // 0 s lowers at once, as before the rule: nothing was held, so nothing to say.
  const releasedAfterS = releasedSince !== null && idleS > 0 ? now - releasedSince : null;
  if (waiting === steps.length) return { instances: planned, scaleIn: null, keptUntil: null, releasedAfterS };
  const left = steps.slice(waiting);
  return {
    instances,
    scaleIn: { group, steps: left, kept: instances },
    keptUntil: left[0]!.since + idleS,
    releasedAfterS,
  };
}

/** Whether stored timers apply to `group` as read now: the same group, not raised since they were stored. */
export function timersHold(stored: GroupScaleIn | null, group: string, current: number): boolean {
  if (stored === null || stored.group !== group) return false;
  return stored.kept === undefined || current <= stored.kept;
}

/**
 * The timers after this round's plan: each stored count below `planned` rises to it (the plan needs
 * those instances again, so the instances above it have still not been needed since that timer began),
 * equal counts keep the older timer, counts at or above the group's (`kept`) are dropped, and the plan's
 * own count starts a timer now when none holds it. Oldest first, counts falling.
 */
function nextIdleSteps(stored: readonly IdleStep[], planned: number, kept: number, now: number): IdleStep[] {
  const ordered = stored.length > 1 ? [...stored].sort((a, b) => a.since - b.since) : stored;
  const steps: IdleStep[] = [];
  for (const step of ordered) {
    const instances = Math.max(step.instances, planned);
    const last = steps[steps.length - 1];
    // A later timer at a count no lower than an older one's adds nothing.
    if (instances >= kept || (last !== undefined && instances >= last.instances)) continue;
    steps.push({ instances, since: step.since });
  }
  if (steps.length === 0 || steps[steps.length - 1]!.instances > planned)
    steps.push({ instances: planned, since: now });
  return steps;
}

/**
 * What a reason adds for the rule's verdict (empty when it neither kept nor released instances): the
 * instances kept, the need and when they fall (count by count when they fall at different times), or the
 * lowering after the wait, or both when a round lets some go and keeps others.
 */
export function instanceIdleText(args: {
  readonly group: string;
  readonly planned: number;
  readonly verdict: InstanceIdleVerdict;
  readonly idleS: number;
}): string {
  const { group, planned, verdict, idleS } = args;
  const setting = `capacity.instance_idle_s ${idleS}`;
  const lowered =
    verdict.releasedAfterS === null
      ? null
      : `lowered to ${verdict.instances} instances, not needed for ${Math.round(verdict.releasedAfterS)} s >= ${setting}`;
  if (verdict.scaleIn === null) return lowered === null ? "" : ` [Auto Scaling group ${group}: ${lowered}]`;
  const steps = verdict.scaleIn.steps;
  let kept = `${verdict.instances} instances kept (${planned} needed) until ${clockTime(steps[0]!.since + idleS)}`;
  for (let k = 1; k < steps.length; k++)
    kept += `, then ${steps[k - 1]!.instances} until ${clockTime(steps[k]!.since + idleS)}`;
  return lowered === null
    ? ` [Auto Scaling group ${group}: ${kept}, ${setting}]`
    : ` [Auto Scaling group ${group}: ${lowered}; ${kept}]`;
}

/** "HH:MM:SS UTC" of epoch seconds `at` (said as the forecast note says it). */
function clockTime(at: number): string {
  return `${new Date(at * 1000).toISOString().slice(11, 19)} UTC`;
}
