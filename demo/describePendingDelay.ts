/**
 * The live view's pending line: a delay still to fire, its count within max_replicas (the bounds
 * apply after the delay, so a wanted count above them never happens); null once its time has passed
 * (the next evaluation acts on it or re-arms it) or when there is none.
 */
export function describePendingDelay(args: {
  readonly delay: { direction: "up" | "down"; wanted: number; firesAt: number } | null | undefined;
  readonly now: number;
  /** The demo's start, for `+N s` times. */
  readonly start: number;
  readonly maxReplicas: number;
}): string | null {
  const { delay, now, start, maxReplicas } = args;
  if (!delay || delay.firesAt < now) return null;
  const to = Math.min(delay.wanted, maxReplicas);
  const capped = to < delay.wanted ? ` (${delay.wanted} wanted, max_replicas ${maxReplicas})` : "";
  return `scale ${delay.direction} to ${to}${capped} at +${(delay.firesAt - start).toFixed(0)} s`;
}
