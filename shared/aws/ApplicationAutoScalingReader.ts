import {
  type ApplicationAutoScalingClient,
  DescribeScalableTargetsCommand,
  DescribeScalingPoliciesCommand,
  DescribeScheduledActionsCommand,
  type ScalableTarget,
  type ScalingPolicy,
  type ScheduledAction,
} from "@aws-sdk/client-application-auto-scaling";
import type { ApplicationScaling, ApplicationScalingReader } from "../engine/ports/OtherControllers";
import {
  buildDescribeScalableTargetsInputs,
  buildDescribeScalingPoliciesInput,
  buildDescribeScheduledActionsInput,
} from "./buildApplicationAutoScalingInputs";
import { callAws } from "./callAws";
import { parseApplicationScalers } from "./parseApplicationScalers";

const SITE = "ApplicationAutoScaling";

/**
 * ApplicationScalingReader over Application Auto Scaling: DescribeScalableTargets by 50 resource ids
 * (concurrently), then, only when one is registered, one listing each of the ECS desired-count scaling
 * policies and scheduled actions (paginated): a round makes ceil(targets / 50) calls, plus two when
 * some service is registered, never one per target.
 */
export class ApplicationAutoScalingReader implements ApplicationScalingReader {
  constructor(private readonly client: ApplicationAutoScalingClient) {}

  /** The registered scalable targets among `resourceIds` that have policies or scheduled actions. */
  async activeScalers(resourceIds: readonly string[]): Promise<Map<string, ApplicationScaling>> {
    const pages = await Promise.all(
      buildDescribeScalableTargetsInputs(resourceIds).map((input) => this.scalableTargets(input)),
    );
    const targets = pages.flat();
    if (targets.length === 0) return new Map();
    const [policies, scheduledActions] = await Promise.all([this.policies(), this.scheduledActions()]);
    return parseApplicationScalers({ wanted: resourceIds, targets, policies, scheduledActions });
  }

  private async scalableTargets(
    input: ReturnType<typeof buildDescribeScalableTargetsInputs>[number],
  ): Promise<ScalableTarget[]> {
    const found: ScalableTarget[] = [];
    let next: string | undefined;
    do {
      const out = await callAws({ service: SITE, operation: "DescribeScalableTargets" }, () =>
        this.client.send(new DescribeScalableTargetsCommand({ ...input, NextToken: next })),
      );
      found.push(...(out.ScalableTargets ?? []));
      next = out.NextToken;
    } while (next);
    return found;
  }

  private async policies(): Promise<ScalingPolicy[]> {
    const found: ScalingPolicy[] = [];
    let next: string | undefined;
    do {
      const out = await callAws({ service: SITE, operation: "DescribeScalingPolicies" }, () =>
        this.client.send(new DescribeScalingPoliciesCommand(buildDescribeScalingPoliciesInput(next))),
      );
      found.push(...(out.ScalingPolicies ?? []));
      next = out.NextToken;
    } while (next);
    return found;
  }

  private async scheduledActions(): Promise<ScheduledAction[]> {
    const found: ScheduledAction[] = [];
    let next: string | undefined;
    do {
      const out = await callAws({ service: SITE, operation: "DescribeScheduledActions" }, () =>
        this.client.send(new DescribeScheduledActionsCommand(buildDescribeScheduledActionsInput(next))),
      );
      found.push(...(out.ScheduledActions ?? []));
      next = out.NextToken;
    } while (next);
    return found;
  }
}
