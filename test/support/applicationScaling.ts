import {
  ApplicationAutoScalingClient,
  PutScalingPolicyCommand,
  RegisterScalableTargetCommand,
} from "@aws-sdk/client-application-auto-scaling";
import { requireEmulatorEndpoint } from "./awsClients";

/** An Application Auto Scaling client on the emulator (from the environment, like the other test clients). */
export function applicationScaling(): ApplicationAutoScalingClient {
  requireEmulatorEndpoint();
  return new ApplicationAutoScalingClient({});
}

/** Registers an ECS service's desired count as a scalable target, 1 to 10. */
export async function registerTarget(
  client: ApplicationAutoScalingClient,
  resourceId: string,
): Promise<void> {
  await client.send(
    new RegisterScalableTargetCommand({
      ServiceNamespace: "ecs",
      ScalableDimension: "ecs:service:DesiredCount",
      ResourceId: resourceId,
      MinCapacity: 1,
      MaxCapacity: 10,
    }),
  );
}

/** Puts a CPU target-tracking policy on a registered service. */
export async function trackingPolicy(
  client: ApplicationAutoScalingClient,
  resourceId: string,
  name: string,
): Promise<void> {
  await client.send(
    new PutScalingPolicyCommand({
      PolicyName: name,
      ServiceNamespace: "ecs",
      ScalableDimension: "ecs:service:DesiredCount",
      ResourceId: resourceId,
      PolicyType: "TargetTrackingScaling",
      TargetTrackingScalingPolicyConfiguration: {
        TargetValue: 70,
        PredefinedMetricSpecification: { PredefinedMetricType: "ECSServiceAverageCPUUtilization" },
      },
    }),
  );
}
