import {
  DescribeCapacityProvidersCommand,
  DescribeClustersCommand,
  type ECSClient,
} from "@aws-sdk/client-ecs";
import type { CapacityProviderReader, ProviderScaling } from "../engine/ports/OtherControllers";
import {
  buildDescribeCapacityProvidersInputs,
  buildDescribeClustersInputs,
  parseClusterProviders,
  parseProviderScaling,
} from "./buildDescribeCapacityProvidersInputs";
import { callAws } from "./callAws";

/**
 * CapacityProviderReader over ECS: DescribeClusters (100 a call) for the providers of the clusters named,
 * then DescribeCapacityProviders of those and the named ones (100 a call), concurrently.
 */
export class EcsCapacityProviderReader implements CapacityProviderReader {
  constructor(private readonly client: ECSClient) {}

  /** The providers' managed scaling and groups (see the port). */
  async providerScaling(args: {
    readonly providers: readonly string[];
    readonly clusters: readonly string[];
  }): Promise<readonly ProviderScaling[]> {
    const described = await Promise.all(
      buildDescribeClustersInputs(args.clusters).map((input) =>
        callAws({ service: "ECS", operation: "DescribeClusters" }, () =>
          this.client.send(new DescribeClustersCommand(input)),
        ),
      ),
    );
    const names = [...args.providers, ...parseClusterProviders(described.flatMap((d) => d.clusters ?? []))];
    const outputs = await Promise.all(
      buildDescribeCapacityProvidersInputs(names).map((input) =>
        callAws({ service: "ECS", operation: "DescribeCapacityProviders" }, () =>
          this.client.send(new DescribeCapacityProvidersCommand(input)),
        ),
      ),
    );
    return parseProviderScaling(outputs.flatMap((o) => o.capacityProviders ?? []));
  }
}
