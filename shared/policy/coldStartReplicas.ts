/**
 * Ray's cold-start fast path: with no running replica and load waiting, go at once to
 * max(ceil(1 x upscaling factor), target), with no delay. Undefined when it does not apply.
 */
export function coldStartReplicas(
  currentReplicas: number,
  totalOngoingRequests: number,
  targetReplicas: number,
  upscalingFactor: number,
): number | undefined {
  if (currentReplicas !== 0 || !(totalOngoingRequests > 0)) return undefined;
  return Math.max(Math.ceil(1 * upscalingFactor), targetReplicas);
}
