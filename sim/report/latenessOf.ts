import type { LatenessSample } from "../peers/Autoscaler";

/**
 * A decision's lateness: from when its rule meant the change and the information it needed was
 * available (the later of the two), to when it happened; never below 0.
 */
export function latenessOf(sample: LatenessSample): number {
  return Math.max(0, sample.at - Math.max(sample.intendedAt, sample.knownAt ?? sample.intendedAt));
}
