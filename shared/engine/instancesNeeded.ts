/**
 * Instances a GPU Auto Scaling group needs for `replicas` tasks: ceil(replicas x GPUs per task /
 * GPUs per instance) + spare, within the group's [min, max]. Spare instances never take the count past
 * `maxInstances` (the deploy-time GPU ceiling, in instances); the tasks' own instances always count.
 */
export function instancesNeeded(
  replicas: number,
  gpusPerTask: number,
  gpusPerInstance: number,
  spare: number,
  groupMin: number,
  groupMax: number,
  maxInstances: number = Number.POSITIVE_INFINITY,
): number {
  // Tasks cannot span instances: whole tasks per instance, not whole GPUs.
  const tasksPerInstance = Math.max(1, Math.floor(gpusPerInstance / gpusPerTask));
  const forTasks = Math.ceil(replicas / tasksPerInstance);
  const needed = forTasks + Math.max(0, Math.min(spare, maxInstances - forTasks));
  return Math.max(groupMin, Math.min(groupMax, needed));
}
