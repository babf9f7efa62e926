import type { ContainerInstance } from "@aws-sdk/client-ecs";
import type { HostedTasks } from "../engine/ports/CapacityScaler";

/**
 * The tasks each described container instance hosts, keyed by its EC2 instance id (an instance without one,
 * an external instance, is left out): its running and pending counts, and the tasks it is still stopping
 * (`stoppingByArn`, keyed by container instance ARN, from parseStoppingTasks; ECS's counts leave them out).
 */
export function parseContainerInstances(
  instances: readonly ContainerInstance[],
  stoppingByArn: ReadonlyMap<string, number>,
): Map<string, HostedTasks> {
  const hosted = new Map<string, HostedTasks>();
  for (const instance of instances) {
    if (!instance.ec2InstanceId) continue;
    hosted.set(instance.ec2InstanceId, {
      running: instance.runningTasksCount ?? 0,
      pending: instance.pendingTasksCount ?? 0,
      stopping: stoppingByArn.get(instance.containerInstanceArn ?? "") ?? 0,
      status: instance.status ?? "",
    });
  }
  return hosted;
}
