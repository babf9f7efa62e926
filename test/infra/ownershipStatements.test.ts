import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { allowing, resourcesOf, roleStatements } from "./support/iamStatements";
import { autoscalerStack } from "./support/synthesizeApp";

const READS = [
  "application-autoscaling:DescribeScalableTargets",
  "application-autoscaling:DescribeScalingPolicies",
  "application-autoscaling:DescribeScheduledActions",
];
const resolved = (stack: { resolve(x: unknown): unknown }, resources: unknown[]) =>
  resources.map((r) => JSON.stringify(stack.resolve(r)));

describe("the evaluating functions may read who else scales a service", () => {
  const { stack } = autoscalerStack();
  const template = Template.fromStack(stack);

  it.each(["AutoscalerTickRole", "AutoscalerAlarmRole"])(
    "%s may read Application Auto Scaling (on *, its only resource), capacity providers and clusters",
    (role) => {
      const statements = roleStatements(template, role);
      for (const action of READS) expect(allowing(statements, action).flatMap(resourcesOf)).toEqual(["*"]);
      const providers = resolved(
        stack,
        allowing(statements, "ecs:DescribeCapacityProviders").flatMap(resourcesOf),
      );
      expect(providers).toHaveLength(1);
      expect(providers[0]).toContain(":capacity-provider/*");
      const clusters = resolved(stack, allowing(statements, "ecs:DescribeClusters").flatMap(resourcesOf));
      expect(clusters).toHaveLength(1);
      expect(clusters[0]).toContain(":cluster/*");
    },
  );

  it("with cluster names, reads only those clusters", () => {
    const named = autoscalerStack({ clusterNames: ["gpu-a"] });
    const statements = roleStatements(Template.fromStack(named.stack), "AutoscalerTickRole");
    const clusters = resolved(named.stack, allowing(statements, "ecs:DescribeClusters").flatMap(resourcesOf));
    expect(clusters).toHaveLength(1);
    expect(clusters[0]).toContain(":cluster/gpu-a");
  });

  it("policy-sync gets none of them (it never evaluates)", () => {
    const statements = roleStatements(template, "AutoscalerPolicySyncRole");
    for (const action of [...READS, "ecs:DescribeCapacityProviders", "ecs:DescribeClusters"])
      expect(allowing(statements, action)).toEqual([]);
  });
});
