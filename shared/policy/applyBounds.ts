/** Clamps a replica count to [min, max]; Ray applies this last, to the decided value. */
export function applyBounds(replicas: number, minReplicas: number, maxReplicas: number): number {
  return Math.max(minReplicas, Math.min(maxReplicas, replicas));
}
