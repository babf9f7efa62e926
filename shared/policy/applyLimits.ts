import type { Limits } from "./PolicySchema";
import type { PolicyState } from "./PolicyState";
import { isWithinMinute, PER_MINUTE_WINDOW_S, type RecentUp } from "./perMinuteWindow";

export interface LimitOutcome {
  readonly decision: number;
  /** Which limit held the decision back, or null. */
  readonly limitedBy: string | null;
  /** The earliest time the limits allowed the change (for lateness), or null. */
  readonly permittedAt: number | null;
}

/** What the limits step reads: the bounded count, the target, the clock, the limits and the stored state. */
export interface LimitArgs {
  /** The count after bounds. */
  readonly decision: number;
  readonly targetReplicas: number;
  readonly now: number;
  readonly limits: Limits;
  readonly state: PolicyState;
  /** An external cap on growth (a group's GPU budget share), with the note that explains it. */
  readonly cap?: { readonly replicas: number; readonly note: string } | undefined;
}

/**
 * Rate limits and pauses applied after bounds: at most max_step_up replicas added at once and
 * max_up_per_minute within any PER_MINUTE_WINDOW_S, an optional external cap (group budget), and
 * no scale-down within scale_in_pause_s of the last scale-up. Never moves a decision past the
 * current target in the other direction.
 */
export function applyLimits(args: LimitArgs): LimitOutcome {
  const { decision, targetReplicas: target, now, limits, state } = args;
  if (decision > target) return limitScaleUp(args);
  if (decision < target && limits.scale_in_pause_s > 0 && state.lastScaleUpAt !== null) {
    const until = state.lastScaleUpAt + limits.scale_in_pause_s;
    if (now < until) {
      return {
        decision: target,
        limitedBy: `scale_in_pause_s ${limits.scale_in_pause_s}`,
        permittedAt: until,
      };
    }
  }
  return { decision, limitedBy: null, permittedAt: null };
}

function limitScaleUp(args: LimitArgs): LimitOutcome {
  const { targetReplicas: target, now, limits, state, cap } = args;
  let allowed = args.decision;
  let limitedBy: string | null = null;
  let permittedAt: number | null = null;
  if (limits.max_step_up !== undefined && allowed > target + limits.max_step_up) {
    allowed = target + limits.max_step_up;
    limitedBy = `max_step_up ${limits.max_step_up}`;
  }
  if (limits.max_up_per_minute !== undefined) {
    const { added, oldest } = recentlyAdded(state.recentUps, now);
    const room = Math.max(0, limits.max_up_per_minute - added);
    if (allowed > target + room) {
      allowed = target + room;
      limitedBy = `max_up_per_minute ${limits.max_up_per_minute} (${added} added in the last ${PER_MINUTE_WINDOW_S} s)`;
      if (room === 0) permittedAt = oldest + PER_MINUTE_WINDOW_S;
    }
  }
  if (cap !== undefined && allowed > Math.max(cap.replicas, target)) {
    allowed = Math.max(cap.replicas, target);
    limitedBy = cap.note;
  }
  return { decision: allowed, limitedBy, permittedAt };
}

/** Replicas added within the per-minute window ending at `now`, and when the oldest of them was (Infinity: none). */
function recentlyAdded(ups: readonly RecentUp[], now: number): { added: number; oldest: number } {
  let added = 0;
  let oldest = Number.POSITIVE_INFINITY;
  for (const up of ups) {
    // Summed in one pass instead of filtering, mapping and spreading the list.
    if (!isWithinMinute(up.at, now)) continue;
    added += up.added;
    oldest = Math.min(oldest, up.at);
  }
  return { added, oldest };
}
