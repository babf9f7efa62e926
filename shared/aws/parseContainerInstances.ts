import type { ContainerInstance } from "@aws-sdk/client-ecs";
import type { HostedTasks } from "../engine/ports/CapacityScaler";

/**
 * The tasks each described container instance hosts, keyed by its EC2 instance id (an instance without one,
 * an external instance, is left out). ECS reports no count of tasks still stopping: `stopping` is 0.
 */
export function parseContainerInstances(instances: readonly ContainerInstance[]): Map<string, HostedTasks> {
  const hosted = new Map<string, HostedTasks>();
  for (const instance of instances) {
    if (!instance.ec2InstanceId) continue;
    hosted.set(instance.ec2InstanceId, {
      running: instance.runningTasksCount ?? 0,
      pending: instance.pendingTasksCount ?? 0,
      stopping: 0,
      status: instance.status ?? "",
    });
  }
  return hosted;
}
