import { describe, expect, it } from "vitest";
import {
  buildDescribeScalableTargetsInputs,
  buildDescribeScalingPoliciesInput,
  ECS_DESIRED_COUNT,
} from "../../../shared/aws/buildApplicationAutoScalingInputs";
import {
  buildDescribeCapacityProvidersInputs,
  buildDescribeClustersInputs,
  parseClusterProviders,
  parseProviderScaling,
} from "../../../shared/aws/buildDescribeCapacityProvidersInputs";
import { fromDecisionSummaryItem } from "../../../shared/aws/fromDecisionSummaryItem";
import { parseApplicationScalers } from "../../../shared/aws/parseApplicationScalers";
import { toDecisionSummaryItem } from "../../../shared/aws/toDecisionSummaryItem";

const ids = (n: number) => Array.from({ length: n }, (_, i) => `service/gpu/s${i}`);

describe("Application Auto Scaling requests and answers", () => {
  it.each([
    { n: 0, calls: [] },
    { n: 1, calls: [1] },
    { n: 50, calls: [50] },
    { n: 51, calls: [50, 1] },
    { n: 120, calls: [50, 50, 20] },
  ])("asks $n resource ids in calls of $calls", ({ n, calls }) => {
    const inputs = buildDescribeScalableTargetsInputs([...ids(n), ...ids(n)]);
    expect(inputs.map((i) => i.ResourceIds?.length)).toEqual(calls);
    for (const i of inputs)
      expect(i).toMatchObject({ ServiceNamespace: "ecs", ScalableDimension: ECS_DESIRED_COUNT });
  });

  it("lists the ECS desired-count policies page by page", () => {
    expect(buildDescribeScalingPoliciesInput()).toEqual({
      ServiceNamespace: "ecs",
      ScalableDimension: ECS_DESIRED_COUNT,
      MaxResults: 50,
    });
    expect(buildDescribeScalingPoliciesInput("t").NextToken).toBe("t");
  });

  it("keeps only registered, asked-for targets with a policy or a scheduled action, names sorted", () => {
    const target = (ResourceId: string) => ({ ResourceId, ScalableDimension: ECS_DESIRED_COUNT });
    const found = parseApplicationScalers({
      wanted: ["service/gpu/a", "service/gpu/b", "service/gpu/c"],
      targets: [
        target("service/gpu/a"),
        target("service/gpu/b"),
        target("service/gpu/c"),
        target("service/gpu/x"),
      ],
      policies: [
        { ...target("service/gpu/a"), PolicyName: "z" },
        { ...target("service/gpu/a"), PolicyName: "m" },
        { ...target("service/gpu/x"), PolicyName: "other" },
      ],
      scheduledActions: [{ ...target("service/gpu/b"), ScheduledActionName: "night" }],
    } as unknown as Parameters<typeof parseApplicationScalers>[0]);
    expect(Object.fromEntries(found)).toEqual({
      "service/gpu/a": { resourceId: "service/gpu/a", scalingPolicies: ["m", "z"], scheduledActions: [] },
      "service/gpu/b": { resourceId: "service/gpu/b", scalingPolicies: [], scheduledActions: ["night"] },
    });
  });
});

describe("capacity provider requests and answers", () => {
  it("names 100 providers or clusters a call, duplicates once", () => {
    const names = Array.from({ length: 150 }, (_, i) => `cp${i}`);
    expect(
      buildDescribeCapacityProvidersInputs([...names, "cp0"]).map((i) => i.capacityProviders?.length),
    ).toEqual([100, 50]);
    expect(buildDescribeClustersInputs(["a", "a", "b"])).toEqual([{ clusters: ["a", "b"] }]);
  });

  it("reads each group provider's managed scaling and group name; leaves Fargate out", () => {
    const arn = "arn:aws:autoscaling:us-east-1:1:autoScalingGroup:uuid:autoScalingGroupName/gpu-asg";
    expect(
      parseProviderScaling([
        {
          name: "on",
          autoScalingGroupProvider: { autoScalingGroupArn: arn, managedScaling: { status: "ENABLED" } },
        },
        {
          name: "off",
          autoScalingGroupProvider: { autoScalingGroupArn: arn, managedScaling: { status: "DISABLED" } },
        },
        { name: "FARGATE" },
      ]),
    ).toEqual([
      { provider: "on", group: "gpu-asg", managedScaling: true },
      { provider: "off", group: "gpu-asg", managedScaling: false },
    ]);
    expect(
      parseClusterProviders([{ capacityProviders: ["a", "b"] }, { capacityProviders: ["a"] }, {}]),
    ).toEqual(["a", "b"]);
  });
});

describe("the stored outside changes", () => {
  it("round-trip through the state item, and a malformed one reads leniently", () => {
    const summary = {
      evaluationId: "e",
      at: 10,
      desiredReplicas: 2,
      previousTarget: 2,
      direction: "none" as const,
      reason: "r",
      intendedAt: null,
      latenessMs: null,
      pendingDelay: null,
      trace: [],
      outsideChanges: { at: [1, 5], contested: { since: 5, policyVersion: 3 } },
    };
    expect(fromDecisionSummaryItem(toDecisionSummaryItem(summary))?.outsideChanges).toEqual(
      summary.outsideChanges,
    );
    const odd = fromDecisionSummaryItem({
      ...toDecisionSummaryItem(summary),
      outsideChanges: { at: [1, "x"], contested: {} },
    });
    expect(odd?.outsideChanges).toEqual({ at: [1], contested: null });
  });
});
