import type { Limits } from "./PolicySchema";
import type { PolicyState } from "./PolicyState";

export interface LimitOutcome {
  readonly decision: number;
  /** Which limit held the decision back, or null. */
  readonly limitedBy: string | null;
  /** The earliest time the limits allowed the change (for lateness), or null. */
  readonly permittedAt: number | null;
}

/**
 * Rate limits and pauses applied after bounds: at most max_step_up replicas added at once and
 * max_up_per_minute within any 60 s, an optional external cap (group budget), and no scale-down
 * within scale_in_pause_s of the last scale-up. Never moves a decision past the current target
 * in the other direction.
 */
export function applyLimits(
  decision: number,
  targetReplicas: number,
  now: number,
  limits: Limits,
  state: PolicyState,
  cap: { readonly replicas: number; readonly note: string } | undefined,
): LimitOutcome {
  if (decision > targetReplicas) {
    let allowed = decision;
    let limitedBy: string | null = null;
    let permittedAt: number | null = null;
    if (limits.max_step_up !== undefined && allowed > targetReplicas + limits.max_step_up) {
      allowed = targetReplicas + limits.max_step_up;
      limitedBy = `max_step_up ${limits.max_step_up}`;
    }
    if (limits.max_up_per_minute !== undefined) {
      let added = 0;
      let oldest = Number.POSITIVE_INFINITY;
      for (const up of state.recentUps) {
        if (up.at > now - 60) {
          added += up.added;
          oldest = Math.min(oldest, up.at);
        }
      }
      const room = Math.max(0, limits.max_up_per_minute - added);
      if (allowed > targetReplicas + room) {
        allowed = targetReplicas + room;
        limitedBy = `max_up_per_minute ${limits.max_up_per_minute} (${added} added in the last 60 s)`;
        if (room === 0) permittedAt = oldest + 60;
      }
    }
    if (cap !== undefined && allowed > Math.max(cap.replicas, targetReplicas)) {
      allowed = Math.max(cap.replicas, targetReplicas);
      limitedBy = cap.note;
    }
    return { decision: allowed, limitedBy, permittedAt };
  }
  if (decision < targetReplicas && limits.scale_in_pause_s > 0 && state.lastScaleUpAt !== null) {
    const until = state.lastScaleUpAt + limits.scale_in_pause_s;
    if (now < until) {
      return {
        decision: targetReplicas,
        limitedBy: `scale_in_pause_s ${limits.scale_in_pause_s}`,
        permittedAt: until,
      };
    }
  }
  return { decision, limitedBy: null, permittedAt: null };
}
