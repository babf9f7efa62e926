import {
  type AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeWarmPoolAnswer,
  DescribeWarmPoolCommand,
  SetDesiredCapacityCommand,
} from "@aws-sdk/client-auto-scaling";
import type { CapacityScaler, GroupCapacity, WarmPoolCapacity } from "../engine/ports/CapacityScaler";
import { buildDescribeAutoScalingGroupsInputs } from "./buildDescribeAutoScalingGroupsInputs";
import { callAws } from "./callAws";
import { parseGroupCapacities } from "./parseGroupCapacities";
import { DESCRIBE_WARM_POOL_MAX_RECORDS, groupsWithWarmPool, parseWarmPool } from "./parseWarmPool";

/**
 * CapacityScaler over EC2 Auto Scaling (capacity mode `direct`): DescribeAutoScalingGroups in batches of 50
 * names (following NextToken), then DescribeWarmPool once (per page of 50 instances) for each group that
 * reports a warm pool, all in parallel; SetDesiredCapacity with HonorCooldown false (driftless's own policy paces
 * changes; the group's cooldown would silently drop them).
 */
export class AutoScalingCapacityScaler implements CapacityScaler {
  private readonly client: AutoScalingClient;

  constructor(client: AutoScalingClient) {
    this.client = client;
  }

  /**
   * Capacities of the groups that exist, keyed by name (an unknown name is absent), with their warm pools;
   * no call for no names, no DescribeWarmPool for a group without a warm pool.
   */
  async describe(groupNames: readonly string[]): Promise<Map<string, GroupCapacity>> {
    const inputs = buildDescribeAutoScalingGroupsInputs(groupNames);
    const groups = (await Promise.all(inputs.map((input) => this.describeAllPages(input)))).flat();
    const pooled = groupsWithWarmPool(groups);
    const pools = await Promise.all(pooled.map((name) => this.describeWarmPool(name)));
    return parseGroupCapacities(groups, new Map(pooled.map((name, k) => [name, pools[k]!])));
  }

  /**
   * Sets the group's desired capacity. Does not clamp: keeping `desired` within the group's min and max is
   * the caller's job (AWS rejects a value outside them with a ValidationError, which surfaces as an
   * AwsCallError; moto accepts it).
   */
  async setDesired(groupName: string, desired: number): Promise<void> {
    await callAws({ service: "AutoScaling", operation: "SetDesiredCapacity" }, () =>
      this.client.send(
        new SetDesiredCapacityCommand({
          AutoScalingGroupName: groupName,
          DesiredCapacity: desired,
          HonorCooldown: false,
        }),
      ),
    );
  }

  private async describeWarmPool(groupName: string): Promise<WarmPoolCapacity> {
    const pages: DescribeWarmPoolAnswer[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws({ service: "AutoScaling", operation: "DescribeWarmPool" }, () =>
        this.client.send(
          new DescribeWarmPoolCommand({
            AutoScalingGroupName: groupName,
            MaxRecords: DESCRIBE_WARM_POOL_MAX_RECORDS,
            NextToken: nextToken,
          }),
        ),
      );
      pages.push(page);
      nextToken = page.NextToken;
    } while (nextToken);
    return parseWarmPool(pages);
  }

  private async describeAllPages(input: DescribeAutoScalingGroupsCommandInput): Promise<AutoScalingGroup[]> {
    const groups: AutoScalingGroup[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws({ service: "AutoScaling", operation: "DescribeAutoScalingGroups" }, () =>
        this.client.send(new DescribeAutoScalingGroupsCommand({ ...input, NextToken: nextToken })),
      );
      groups.push(...(page.AutoScalingGroups ?? []));
      nextToken = page.NextToken;
    } while (nextToken);
    return groups;
  }
}
