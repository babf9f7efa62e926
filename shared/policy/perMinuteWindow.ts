/** The window of `limits.max_up_per_minute`: replicas added within any this many seconds count. */
export const PER_MINUTE_WINDOW_S = 60;

/** A scale-up kept in the state for the per-minute limit. */
export interface RecentUp {
  readonly at: number;
  readonly added: number;
}

/** Whether a scale-up at `at` is still inside the per-minute window ending at `now`. */
export function isWithinMinute(at: number, now: number): boolean {
  return at > now - PER_MINUTE_WINDOW_S;
}

/** The scale-ups still inside the per-minute window ending at `now`. */
export function upsWithinMinute(ups: readonly RecentUp[], now: number): RecentUp[] {
  return ups.filter((u) => isWithinMinute(u.at, now));
}
