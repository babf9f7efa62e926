import type { DescribeTasksCommandInput, ListTasksCommandInput } from "@aws-sdk/client-ecs";
import { chunk } from "./chunk";

/** Tasks per ListTasks page and per DescribeTasks call: the APIs' maximum. */
export const TASKS_PER_CALL = 100;

/**
 * One ListTasks page of the cluster's tasks whose desired status is STOPPED: the tasks ECS is stopping
 * (still draining their in-flight requests until the stop timeout) and those recently stopped. The
 * container instance counts (runningTasksCount) leave them out, so they are read apart.
 */
export function buildListStoppingTasksInput(
  cluster: string,
  nextToken: string | undefined,
): ListTasksCommandInput {
  return {
    cluster,
    desiredStatus: "STOPPED",
    maxResults: TASKS_PER_CALL,
    ...(nextToken ? { nextToken } : {}),
  };
}

/** The DescribeTasks inputs for these task ARNs: duplicates once, 100 a call; none for none. */
export function buildDescribeTasksInputs(
  cluster: string,
  taskArns: readonly string[],
): DescribeTasksCommandInput[] {
  return chunk([...new Set(taskArns)], TASKS_PER_CALL).map((tasks) => ({ cluster, tasks }));
}
