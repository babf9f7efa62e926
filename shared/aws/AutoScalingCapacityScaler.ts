import {
  type AutoScalingClient,
  type AutoScalingGroup,
  DescribeAutoScalingGroupsCommand,
  type DescribeAutoScalingGroupsCommandInput,
  type DescribeWarmPoolAnswer,
  DescribeWarmPoolCommand,
  SetDesiredCapacityCommand,
  SetInstanceProtectionCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  type ContainerInstance,
  DescribeContainerInstancesCommand,
  DescribeTasksCommand,
  type ECSClient,
  ListContainerInstancesCommand,
  ListTasksCommand,
  type Task,
} from "@aws-sdk/client-ecs";
import type {
  CapacityScaler,
  GroupCapacity,
  HostedTasks,
  WarmPoolCapacity,
} from "../engine/ports/CapacityScaler";
import {
  buildDescribeContainerInstancesInputs,
  buildListContainerInstancesInput,
} from "./buildContainerInstanceInputs";
import { buildDescribeAutoScalingGroupsInputs } from "./buildDescribeAutoScalingGroupsInputs";
import { buildSetInstanceProtectionInputs } from "./buildSetInstanceProtectionInputs";
import { buildDescribeTasksInputs, buildListStoppingTasksInput } from "./buildStoppingTaskInputs";
import { callAws } from "./callAws";
import { parseContainerInstances } from "./parseContainerInstances";
import { parseGroupCapacities } from "./parseGroupCapacities";
import { parseStoppingTasks } from "./parseStoppingTasks";
import { DESCRIBE_WARM_POOL_MAX_RECORDS, groupsWithWarmPool, parseWarmPool } from "./parseWarmPool";

/**
 * CapacityScaler over EC2 Auto Scaling (capacity mode `direct`): DescribeAutoScalingGroups in batches of 50
 * names (following NextToken), then DescribeWarmPool once (per page of 50 instances) for each group that
 * reports a warm pool, all in parallel; SetDesiredCapacity with HonorCooldown false (driftless's own policy paces
 * changes; the group's cooldown would silently drop them). Which instances host tasks comes from ECS:
 * ListContainerInstances pages of 100 and, in parallel, the tasks being stopped (ListTasks desiredStatus
 * STOPPED pages of 100, then DescribeTasks 100 a call), then DescribeContainerInstances 100 a call;
 * SetInstanceProtection takes 50 instances a call.
 */
export class AutoScalingCapacityScaler implements CapacityScaler {
  private readonly client: AutoScalingClient;
  private readonly ecs: ECSClient;

  constructor(clients: { readonly autoscaling: AutoScalingClient; readonly ecs: ECSClient }) {
    this.client = clients.autoscaling;
    this.ecs = clients.ecs;
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

  /**
   * The tasks on each container instance of `cluster`, keyed by EC2 instance id, counting the tasks ECS is
   * still stopping (which runningTasksCount leaves out); no DescribeTasks or DescribeContainerInstances for
   * none. A stopping task's container instance is described even when the listing left it out.
   */
  async hostedTasks(cluster: string): Promise<Map<string, HostedTasks>> {
    const [listed, stopping] = await Promise.all([
      this.listContainerInstances(cluster),
      this.stoppingTasks(cluster),
    ]);
    const described = await Promise.all(
      buildDescribeContainerInstancesInputs(cluster, [...listed, ...stopping.keys()]).map((input) =>
        callAws({ service: "ECS", operation: "DescribeContainerInstances" }, () =>
          this.ecs.send(new DescribeContainerInstancesCommand(input)),
        ),
      ),
    );
    const instances: ContainerInstance[] = [];
    for (const answer of described) instances.push(...(answer.containerInstances ?? []));
    return parseContainerInstances(instances, stopping);
  }

  private async listContainerInstances(cluster: string): Promise<string[]> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws({ service: "ECS", operation: "ListContainerInstances" }, () =>
        this.ecs.send(
          new ListContainerInstancesCommand(buildListContainerInstancesInput(cluster, nextToken)),
        ),
      );
      arns.push(...(page.containerInstanceArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    return arns;
  }

  /** Tasks still stopping per container instance ARN: ListTasks (desired STOPPED) pages, then DescribeTasks. */
  private async stoppingTasks(cluster: string): Promise<Map<string, number>> {
    const arns: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await callAws({ service: "ECS", operation: "ListTasks" }, () =>
        this.ecs.send(new ListTasksCommand(buildListStoppingTasksInput(cluster, nextToken))),
      );
      arns.push(...(page.taskArns ?? []));
      nextToken = page.nextToken;
    } while (nextToken);
    const described = await Promise.all(
      buildDescribeTasksInputs(cluster, arns).map((input) =>
        callAws({ service: "ECS", operation: "DescribeTasks" }, () =>
          this.ecs.send(new DescribeTasksCommand(input)),
        ),
      ),
    );
    const tasks: Task[] = [];
    for (const answer of described) tasks.push(...(answer.tasks ?? []));
    return parseStoppingTasks(tasks);
  }

  /** Sets ProtectedFromScaleIn on the instances, 50 a call, one call after another; no call for none. */
  async setScaleInProtection(args: {
    readonly groupName: string;
    readonly instanceIds: readonly string[];
    readonly protect: boolean;
  }): Promise<void> {
    for (const input of buildSetInstanceProtectionInputs(args))
      await callAws({ service: "AutoScaling", operation: "SetInstanceProtection" }, () =>
        this.client.send(new SetInstanceProtectionCommand(input)),
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
