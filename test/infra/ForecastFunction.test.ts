import { Match, Template } from "aws-cdk-lib/assertions";
import { describe, expect, it } from "vitest";
import { FORECAST_KEY_PREFIX } from "../../shared/aws/forecastItem";
import { actionsOf, resourcesOf, roleStatements } from "./support/iamStatements";
import { autoscalerStack } from "./support/synthesizeApp";

const { stack, autoscaler } = autoscalerStack();
const template = Template.fromStack(stack);
const ROLE = "AutoscalerForecastRole";
const tableArn = (table: typeof autoscaler.stateTable) => stack.resolve(table.tableArn);

describe("forecast function in the stack", () => {
  it("runs functions/forecast on nodejs22.x arm64 with the runtime's environment and a 5-minute timeout", () => {
    template.hasResourceProperties("AWS::Lambda::Function", {
      Description: Match.stringLikeRegexp("forecast"),
      Runtime: "nodejs22.x",
      Architectures: ["arm64"],
      Timeout: 300,
      Environment: { Variables: Match.objectLike({ DRIFTLESS_STATE_TABLE: Match.anyValue() }) },
    });
  });

  it("is invoked hourly by an EventBridge schedule, with a dead-letter queue", () => {
    template.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 hour)",
      State: "ENABLED",
      Targets: [
        Match.objectLike({
          Arn: {
            "Fn::GetAtt": [
              stack.getLogicalId(autoscaler.forecast.function.node.defaultChild as never),
              "Arn",
            ],
          },
          DeadLetterConfig: Match.anyValue(),
        }),
      ],
    });
  });

  it("pauses with the other schedules when the construct is disabled", () => {
    const paused = Template.fromStack(autoscalerStack({ enabled: false }).stack);
    paused.hasResourceProperties("AWS::Events::Rule", {
      ScheduleExpression: "rate(1 hour)",
      State: "DISABLED",
    });
  });

  it("may read metrics, scan policies and put forecast items, and nothing else", () => {
    const statements = roleStatements(template, ROLE).filter(
      (s) => !actionsOf(s).some((a) => a.startsWith("logs:")),
    );
    const granted = statements.map((s) => ({
      actions: actionsOf(s),
      resources: resourcesOf(s),
      condition: s.Condition,
    }));
    expect(granted).toEqual(
      expect.arrayContaining([
        { actions: ["cloudwatch:GetMetricData"], resources: ["*"], condition: undefined },
        { actions: ["dynamodb:Scan"], resources: [tableArn(autoscaler.policiesTable)], condition: undefined },
        {
          actions: ["dynamodb:PutItem"],
          resources: [tableArn(autoscaler.stateTable)],
          condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${FORECAST_KEY_PREFIX}*`] } },
        },
      ]),
    );
    // The failure queue is the only other grant (the async destination sends to it).
    const others = statements.filter(
      (s) => !actionsOf(s).some((a) => a.startsWith("cloudwatch:") || a.startsWith("dynamodb:")),
    );
    expect(others.flatMap(actionsOf).every((a) => a.startsWith("sqs:"))).toBe(true);
    expect(statements.flatMap(actionsOf).filter((a) => a.startsWith("dynamodb:"))).toEqual([
      "dynamodb:Scan",
      "dynamodb:PutItem",
    ]);
  });

  it("never touches the history table", () => {
    const historyId = stack.getLogicalId(autoscaler.historyTable.node.defaultChild as never);
    expect(JSON.stringify(roleStatements(template, ROLE))).not.toContain(historyId);
    expect(JSON.stringify(roleStatements(template, "AutoscalerTickRole"))).toContain(historyId);
  });
});
