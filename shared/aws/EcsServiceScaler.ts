import { DescribeServicesCommand, type ECSClient, UpdateServiceCommand } from "@aws-sdk/client-ecs";
import type { ServiceCounts, ServiceScaler } from "../engine/ports/ServiceScaler";
import { buildDescribeServicesInputs } from "./buildDescribeServicesInputs";
import { callAws } from "./callAws";
import { parseServiceCounts } from "./parseServiceCounts";

/** ServiceScaler over ECS: DescribeServices in batches of 10, UpdateService of desiredCount alone. */
export class EcsServiceScaler implements ServiceScaler {
  private readonly client: ECSClient;

  constructor(client: ECSClient) {
    this.client = client;
  }

  /**
   * Counts of these services (names or ARNs) of `cluster`, keyed as given; batches of 10 are sent
   * concurrently. A service ECS reports as a failure (MISSING) or as deleted is absent from the map.
   */
  async describe(cluster: string, services: readonly string[]): Promise<Map<string, ServiceCounts>> {
    const inputs = buildDescribeServicesInputs(cluster, services);
    const outputs = await Promise.all(
      inputs.map((input) =>
        callAws({ service: "ECS", operation: "DescribeServices" }, () =>
          this.client.send(new DescribeServicesCommand(input)),
        ),
      ),
    );
    return parseServiceCounts(
      services,
      outputs.flatMap((output) => output.services ?? []),
    );
  }

  /** Sets the service's desiredCount (nothing else: no deployment, no task definition change). */
  async setDesired(cluster: string, service: string, desired: number): Promise<void> {
    await callAws({ service: "ECS", operation: "UpdateService" }, () =>
      this.client.send(new UpdateServiceCommand({ cluster, service, desiredCount: desired })),
    );
  }
}
