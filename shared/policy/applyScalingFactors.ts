/**
 * Ray's scaling factors: ceil(current + factor x (raw - current)), the up factor when raw is
 * above current, else the down factor; a damped downscale that would not move moves by one.
 * With no running replica the result is ceil(raw).
 */
export function applyScalingFactors(
  raw: number,
  currentReplicas: number,
  upscalingFactor: number,
  downscalingFactor: number,
): number {
  if (currentReplicas === 0) return Math.ceil(raw);
  const delta = raw - currentReplicas;
  const factor = delta > 0 ? upscalingFactor : downscalingFactor;
  let scaled = Math.ceil(currentReplicas + factor * delta);
  if (Math.ceil(raw) < currentReplicas && scaled === currentReplicas) scaled -= 1;
  return scaled;
}
