/**
 * Ray's raw desired replica count: with running replicas, current x (total / (target x current));
 * with none, the current target. Evaluated in Ray's order so floating-point results match.
 */
export function rawDesiredReplicas(
  currentReplicas: number,
  totalOngoingRequests: number,
  targetOngoingRequests: number,
  targetReplicas: number,
): number {
  if (currentReplicas === 0) return targetReplicas;
  const errorRatio = totalOngoingRequests / (targetOngoingRequests * currentReplicas);
  return currentReplicas * errorRatio;
}
