/**
 * Instances a GPU Auto Scaling group needs for `replicas` tasks: ceil(replicas x GPUs per task /
 * GPUs per instance) + spare, within the group's [min, max].
 */
export function instancesNeeded(
  replicas: number,
  gpusPerTask: number,
  gpusPerInstance: number,
  spare: number,
  groupMin: number,
  groupMax: number,
): number {
  // Tasks cannot span instances: whole tasks per instance, not whole GPUs.
  const tasksPerInstance = Math.max(1, Math.floor(gpusPerInstance / gpusPerTask));
  const needed = Math.ceil(replicas / tasksPerInstance) + spare;
  return Math.max(groupMin, Math.min(groupMax, needed));
}
