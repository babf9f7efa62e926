import { Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { allowing, resourcesOf, roleStatements } from "./support/iamStatements";
import { autoscalerStack } from "./support/synthesizeApp";

const { stack } = autoscalerStack();
const template = Template.fromStack(stack);
const READS = [
  "application-autoscaling:DescribeScalableTargets",
  "application-autoscaling:DescribeScalingPolicies",
  "application-autoscaling:DescribeScheduledActions",
];

describe("the evaluating functions may read who else scales a service", () => {
  it.each(["AutoscalerTickRole", "AutoscalerAlarmRole"])(
    "%s may read Application Auto Scaling (on *, its only resource) and list capacity providers (on *)",
    (role) => {
      const statements = roleStatements(template, role);
      for (const action of [...READS, "ecs:DescribeCapacityProviders"])
        expect(allowing(statements, action).flatMap(resourcesOf)).toEqual(["*"]);
    },
  );

  it("policy-sync gets none of them (it never evaluates)", () => {
    const statements = roleStatements(template, "AutoscalerPolicySyncRole");
    for (const action of [...READS, "ecs:DescribeCapacityProviders"])
      expect(allowing(statements, action)).toEqual([]);
  });
});
