/** Some tasks of one size: `count` tasks of `gpusPerTask` GPUs each. */
export interface TaskShare {
  readonly count: number;
  readonly gpusPerTask: number;
}

/**
 * Instances a GPU Auto Scaling group needs for `tasks` (of one or several sizes): the instances a bin-packing
 * placement fills, largest tasks first, tasks never spanning instances (one size: ceil(count / whole tasks
 * per instance)), plus `spare` once, within the group's [min, max]. Spare instances never take the count past
 * `maxInstances` (the deploy-time GPU ceiling, in instances); the tasks' own instances always count.
 */
export function instancesNeeded(args: {
  readonly tasks: readonly TaskShare[];
  readonly gpusPerInstance: number;
  readonly spare: number;
  readonly groupMin: number;
  readonly groupMax: number;
  readonly maxInstances?: number;
}): number {
  const forTasks = instancesForTasks(args.tasks, args.gpusPerInstance);
  const maxInstances = args.maxInstances ?? Number.POSITIVE_INFINITY;
  const needed = forTasks + Math.max(0, Math.min(args.spare, maxInstances - forTasks));
  return Math.max(args.groupMin, Math.min(args.groupMax, needed));
}

/** Instances the tasks fill, largest first: free GPUs of the instances opened are used before a new one. */
function instancesForTasks(tasks: readonly TaskShare[], gpusPerInstance: number): number {
  // One size (a group of one target's own, or targets alike): whole tasks per instance.
  const size = tasks[0]?.gpusPerTask ?? 1;
  if (tasks.every((t) => t.gpusPerTask === size)) {
    let count = 0;
    for (const t of tasks) count += Math.max(0, t.count);
    return Math.ceil(count / Math.max(1, Math.floor(gpusPerInstance / size)));
  }
  const sizes = new Map<number, number>();
  for (const t of tasks) if (t.count > 0) sizes.set(t.gpusPerTask, (sizes.get(t.gpusPerTask) ?? 0) + t.count);
  const free: number[] = [];
  for (const size of [...sizes.keys()].sort((a, b) => b - a)) {
    let left = sizes.get(size) ?? 0;
    for (let i = 0; i < free.length && left > 0; i++) {
      const fits = Math.min(left, Math.floor(free[i]! / size));
      free[i]! -= fits * size;
      left -= fits;
    }
    // A task larger than an instance still takes one instance (it cannot be placed; the count says so).
    const perInstance = Math.max(1, Math.floor(gpusPerInstance / size));
    while (left > 0) {
      const placed = Math.min(left, perInstance);
      free.push(Math.max(0, gpusPerInstance - placed * size));
      left -= placed;
    }
  }
  return free.length;
}
