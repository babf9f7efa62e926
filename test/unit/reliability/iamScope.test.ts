/**
 * The synthesized IAM cannot update services (or set Auto Scaling groups) outside the allowed clusters or
 * tags. The Driftless stack is synthesized as `cdk synth` builds it (cdk.json's context, with and without
 * named clusters and groups), and a permissive evaluator (test/reliability/iamEvaluator.ts) asks, for every
 * role and fuzzed cluster, service, group names and tags, whether the call could be allowed.
 */
import { Template } from "aws-cdk-lib/assertions";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { MANAGED_TAG } from "../../../infra/managedTag";
import { buildUnbundledApp } from "../../infra/support/synthesizeApp";
import { mayBeAllowed, roleGrants, rolesOf } from "../../reliability/iamEvaluator";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";

const tally = new ReliabilityTally("IAM scope of the synthesized stack");
afterAll(() => tally.record());

const REGION_ACCOUNT = "us-east-1:123456789012";
const serviceArn = (cluster: string, service: string) =>
  `arn:aws:ecs:${REGION_ACCOUNT}:service/${cluster}/${service}`;
const groupArn = (name: string) =>
  `arn:aws:autoscaling:${REGION_ACCOUNT}:autoScalingGroup:0f0e0d0c-0b0a-0908-0706-050403020100:autoScalingGroupName/${name}`;

function driftlessTemplate(context: Record<string, unknown> = {}) {
  const { driftless } = buildUnbundledApp(context);
  const json = Template.fromStack(driftless).toJSON() as Parameters<typeof roleGrants>[0];
  return { grants: roleGrants(json), roles: rolesOf(json) };
}

const byTag = driftlessTemplate();
const named = driftlessTemplate({
  "driftless:clusterNames": ["gpu-a", "gpu-b"],
  "driftless:autoScalingGroupNames": ["gpu-asg"],
});

const SCALING_ROLES = /^Autoscaler(Tick|Alarm)Role/;
/** ECS cluster and service names and group names as AWS allows them (letters, digits, - and _). */
const name = fc.oneof(
  fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/),
  fc.constantFrom("gpu-a", "gpu-b", "gpu-a-evil", "gpu-", "gpu-ab", "gpu-asg", "gpu-asg-2", "GPU-A", "x"),
);
const tags = fc.oneof(
  fc.constant({}),
  fc.constant({ [MANAGED_TAG.key]: MANAGED_TAG.value }),
  fc.constantFrom(
    { [MANAGED_TAG.key]: "True" },
    { [MANAGED_TAG.key]: "false" },
    { "driftless:managed ": "true" },
    { other: "true" },
  ),
);
const MUTATIONS = [
  "ecs:UpdateService",
  "ecs:CreateService",
  "ecs:DeleteService",
  "ecs:UpdateCluster",
  "ecs:PutClusterCapacityProviders",
  "autoscaling:SetDesiredCapacity",
  "autoscaling:UpdateAutoScalingGroup",
  "autoscaling:TerminateInstanceInAutoScalingGroup",
  "application-autoscaling:RegisterScalableTarget",
];

describe("the synthesized IAM", () => {
  it("has no role with a managed policy it cannot be checked against", () => {
    expect([...byTag.grants.managedPolicyArns.keys()]).toEqual([]);
    expect([...named.grants.managedPolicyArns.keys()]).toEqual([]);
  });

  it("without cluster names: only the tick and alarm roles scale, and only services and groups tagged driftless:managed=true", () => {
    let checks = 0;
    fc.assert(
      fc.property(name, name, name, tags, (cluster, service, group, resourceTags) => {
        const tagged = resourceTags[MANAGED_TAG.key as keyof typeof resourceTags] === MANAGED_TAG.value;
        for (const role of byTag.roles) {
          const scaler = SCALING_ROLES.test(role);
          const update = mayBeAllowed(byTag.grants, role, {
            action: "ecs:UpdateService",
            resource: serviceArn(cluster, service),
            resourceTags,
          });
          const capacity = mayBeAllowed(byTag.grants, role, {
            action: "autoscaling:SetDesiredCapacity",
            resource: groupArn(group),
            resourceTags,
          });
          expect(
            update,
            `${role} ecs:UpdateService on ${cluster}/${service} ${JSON.stringify(resourceTags)}`,
          ).toBe(scaler && tagged);
          expect(capacity, `${role} SetDesiredCapacity on ${group}`).toBe(scaler && tagged);
          checks += 2;
        }
      }),
      { numRuns: bySize(300, 5000), seed: 6_10 },
    );
    tally.evaluations += checks;
  });

  it("with cluster and group names: tagged services of those clusters only, and those groups, tags or not", () => {
    let checks = 0;
    fc.assert(
      fc.property(name, name, name, tags, (cluster, service, group, resourceTags) => {
        const tagged = resourceTags[MANAGED_TAG.key as keyof typeof resourceTags] === MANAGED_TAG.value;
        for (const role of named.roles) {
          const scaler = SCALING_ROLES.test(role);
          const update = mayBeAllowed(named.grants, role, {
            action: "ecs:UpdateService",
            resource: serviceArn(cluster, service),
            resourceTags,
          });
          const capacity = mayBeAllowed(named.grants, role, {
            action: "autoscaling:SetDesiredCapacity",
            resource: groupArn(group),
            resourceTags,
          });
          const allowedCluster = ["gpu-a", "gpu-b"].includes(cluster);
          expect(update, `${role} ecs:UpdateService on ${cluster}/${service}`).toBe(
            scaler && allowedCluster && tagged,
          );
          expect(capacity, `${role} SetDesiredCapacity on ${group}`).toBe(scaler && group === "gpu-asg");
          checks += 2;
        }
      }),
      { numRuns: bySize(300, 5000), seed: 6_11 },
    );
    tally.evaluations += checks;
  });

  it("lets no role create, delete or reconfigure services, clusters or groups, on any resource", () => {
    for (const { grants, roles } of [byTag, named]) {
      for (const role of roles) {
        for (const action of MUTATIONS.filter(
          (a) => a !== "ecs:UpdateService" && a !== "autoscaling:SetDesiredCapacity",
        )) {
          for (const resource of [
            "*",
            serviceArn("gpu-a", "llm"),
            groupArn("gpu-asg"),
            `arn:aws:ecs:${REGION_ACCOUNT}:cluster/gpu-a`,
          ]) {
            const tagged = { [MANAGED_TAG.key]: MANAGED_TAG.value };
            expect(
              mayBeAllowed(grants, role, { action, resource, resourceTags: tagged }),
              `${role} ${action} ${resource}`,
            ).toBe(false);
          }
        }
      }
    }
  });
});
