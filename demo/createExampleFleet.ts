import {
  type AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  type ECSClient,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  UpdateCapacityProviderCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";

export interface ExampleFleet {
  readonly cluster: string;
  readonly services: readonly string[];
  readonly autoScalingGroup: string;
  readonly capacityProvider: string;
}

/**
 * Creates an example GPU fleet on the configured endpoint (the local emulator in the demo and the
 * integration tests): a GPU Auto Scaling group, an ECS cluster with a managed capacity provider
 * over it, a one-GPU vLLM-style task definition, and `services` inference services at `desired`.
 * `managedScaling: false` then turns the provider's managed scaling off, as capacity mode `direct`
 * (or `auto` setting the group) needs: driftless owns a group only where ECS managed scaling does not.
 */
export async function createExampleFleet(
  clients: { ecs: ECSClient; autoScaling: AutoScalingClient },
  options: {
    cluster?: string;
    services?: readonly string[];
    desired?: number;
    group?: { min: number; max: number; desired: number };
    /** @default true */
    managedScaling?: boolean;
  } = {},
): Promise<ExampleFleet> {
  const cluster = options.cluster ?? "gpu-inference";
  const services = options.services ?? ["llm"];
  const group = options.group ?? { min: 0, max: 8, desired: 1 };
  const groupName = `${cluster}-gpu-asg`;
  const provider = `${cluster}-gpu-cp`;
  await clients.autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: `${groupName}-lc`,
      ImageId: "ami-12c6146b",
      InstanceType: "g5.xlarge",
    }),
  );
  await clients.autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: groupName,
      LaunchConfigurationName: `${groupName}-lc`,
      MinSize: group.min,
      MaxSize: group.max,
      DesiredCapacity: group.desired,
      AvailabilityZones: ["us-east-1a"],
      Tags: [{ Key: "driftless:managed", Value: "true", PropagateAtLaunch: false }],
    }),
  );
  const described = await clients.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [groupName] }),
  );
  await clients.ecs.send(new CreateClusterCommand({ clusterName: cluster }));
  await clients.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "llm",
      requiresCompatibilities: ["EC2"],
      containerDefinitions: [
        {
          name: "vllm",
          image: "vllm/vllm-openai:latest",
          memory: 16_384,
          resourceRequirements: [{ type: "GPU", value: "1" }],
        },
      ],
    }),
  );
  await clients.ecs.send(
    new CreateCapacityProviderCommand({
      name: provider,
      autoScalingGroupProvider: {
        autoScalingGroupArn: described.AutoScalingGroups?.[0]?.AutoScalingGroupARN ?? "",
        managedScaling: { status: "ENABLED", targetCapacity: 100 },
        managedTerminationProtection: "ENABLED",
      },
    }),
  );
  await clients.ecs.send(
    new PutClusterCapacityProvidersCommand({
      cluster,
      capacityProviders: [provider],
      defaultCapacityProviderStrategy: [{ capacityProvider: provider, weight: 1 }],
    }),
  );
  for (const service of services) {
    await clients.ecs.send(
      new CreateServiceCommand({
        cluster,
        serviceName: service,
        taskDefinition: "llm",
        desiredCount: options.desired ?? 1,
        capacityProviderStrategy: [{ capacityProvider: provider, weight: 1 }],
        tags: [{ key: "driftless:managed", value: "true" }],
      }),
    );
    // The emulator reports new tasks as pending until the service is updated once; settle them.
    await clients.ecs.send(
      new UpdateServiceCommand({ cluster, service, desiredCount: options.desired ?? 1 }),
    );
  }
  if (options.managedScaling === false)
    await clients.ecs.send(
      new UpdateCapacityProviderCommand({
        name: provider,
        autoScalingGroupProvider: { managedScaling: { status: "DISABLED" } },
      }),
    );
  return { cluster, services, autoScalingGroup: groupName, capacityProvider: provider };
}
