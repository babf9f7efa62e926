import type { Task } from "@aws-sdk/client-ecs";

/**
 * How many tasks each container instance is still stopping, keyed by container instance ARN: described
 * tasks whose desired status is STOPPED but whose last status is not yet STOPPED (DEACTIVATING, STOPPING,
 * DEPROVISIONING, or any earlier one: the task may still hold its instance and serve requests in flight).
 * A task with no last status counts as stopping (not known to be stopped); a task on no container
 * instance (Fargate) is left out.
 *
 * Why: ECS's ContainerInstance.runningTasksCount is "the number of tasks on the container instance that
 * have a desired status (desiredStatus) of RUNNING" (API reference, ContainerInstance), so a task a
 * service scale-in is stopping drops out of it at once, while its containers drain until the stop timeout
 * (StopTask: SIGTERM, then SIGKILL after ECS_CONTAINER_STOP_TIMEOUT, 30 s by default). ListTasks with
 * desiredStatus STOPPED returns the tasks "Amazon ECS has set the desired status to STOPPED" (API
 * reference, ListTasks); lastStatus says whether one has stopped (developer guide, "Amazon ECS task
 * lifecycle": RUNNING, DEACTIVATING, STOPPING, DEPROVISIONING, STOPPED).
 */
export function parseStoppingTasks(tasks: readonly Task[]): Map<string, number> {
  const stopping = new Map<string, number>();
  for (const task of tasks) {
    if (!task.containerInstanceArn) continue;
    if (task.desiredStatus !== undefined && task.desiredStatus !== "STOPPED") continue;
    if (task.lastStatus === "STOPPED") continue;
    stopping.set(task.containerInstanceArn, (stopping.get(task.containerInstanceArn) ?? 0) + 1);
  }
  return stopping;
}
