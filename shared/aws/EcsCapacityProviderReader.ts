import { type CapacityProvider, DescribeCapacityProvidersCommand, type ECSClient } from "@aws-sdk/client-ecs";
import type { CapacityProviderReader, ProviderScaling } from "../engine/ports/OtherControllers";
import {
  buildDescribeCapacityProvidersInputs,
  buildListCapacityProvidersInput,
  parseProviderScaling,
} from "./buildDescribeCapacityProvidersInputs";
import { callAws } from "./callAws";

const SITE = { service: "ECS", operation: "DescribeCapacityProviders" } as const;

/**
 * CapacityProviderReader over ECS DescribeCapacityProviders: the named providers 100 per call, or, when a
 * group's provider must be found, every provider of the account page by page (one listing serves all).
 */
export class EcsCapacityProviderReader implements CapacityProviderReader {
  constructor(private readonly client: ECSClient) {}

  /** The providers' managed scaling and groups (see the port). */
  async providerScaling(args: {
    readonly providers: readonly string[];
    readonly groups: readonly string[];
  }): Promise<readonly ProviderScaling[]> {
    if (args.groups.length > 0) return parseProviderScaling(await this.everyProvider());
    const outputs = await Promise.all(
      buildDescribeCapacityProvidersInputs(args.providers).map((input) =>
        callAws(SITE, () => this.client.send(new DescribeCapacityProvidersCommand(input))),
      ),
    );
    return parseProviderScaling(outputs.flatMap((o) => o.capacityProviders ?? []));
  }

  private async everyProvider(): Promise<CapacityProvider[]> {
    const found: CapacityProvider[] = [];
    let next: string | undefined;
    do {
      const out = await callAws(SITE, () =>
        this.client.send(new DescribeCapacityProvidersCommand(buildListCapacityProvidersInput(next))),
      );
      found.push(...(out.capacityProviders ?? []));
      next = out.nextToken;
    } while (next);
    return found;
  }
}
