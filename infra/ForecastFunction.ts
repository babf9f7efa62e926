import { Duration, Validations } from "aws-cdk-lib";
import type * as dynamodb from "aws-cdk-lib/aws-dynamodb";
import * as events from "aws-cdk-lib/aws-events";
import * as targets from "aws-cdk-lib/aws-events-targets";
import * as iam from "aws-cdk-lib/aws-iam";
import type * as nodejs from "aws-cdk-lib/aws-lambda-nodejs";
import type * as sqs from "aws-cdk-lib/aws-sqs";
import { Construct } from "constructs";
import { FORECAST_KEY_PREFIX } from "../shared/aws/forecastItem";

/** How GpuAutoscaler builds each of its functions (log group, role, bundling, environment). */
export type MakeFunction = (options: {
  readonly description: string;
  readonly memorySize: number;
  readonly timeout: Duration;
  readonly async?: {
    readonly failures: sqs.IQueue;
    readonly retryAttempts: number;
    readonly maxEventAge: Duration;
  };
}) => nodejs.NodejsFunction;

export interface ForecastFunctionProps {
  readonly makeFunction: MakeFunction;
  /** Where events given up on land. */
  readonly failures: sqs.IQueue;
  readonly policiesTable: dynamodb.ITable;
  readonly stateTable: dynamodb.ITable;
  /** Whether the hourly schedule invokes the function. */
  readonly enabled: boolean;
}

/**
 * The forecast function (functions/forecast): hourly, it forecasts every target with `predictive` on from
 * its CloudWatch load history and writes the forecast items of the state table. Least privilege:
 * cloudwatch:GetMetricData (no resource-level permissions exist for it), Scan of the policies table, and
 * PutItem on the state table only for keys starting with FORECAST_KEY_PREFIX (dynamodb:LeadingKeys), so it
 * can never touch a target's decision state or the settings item.
 */
export class ForecastFunction extends Construct {
  readonly function: nodejs.NodejsFunction;
  readonly schedule: events.Rule;

  constructor(scope: Construct, id: string, props: ForecastFunctionProps) {
    super(scope, id);
    this.function = props.makeFunction({
      description: "driftless: hourly load forecast of every target with predictive on",
      memorySize: 256,
      timeout: Duration.minutes(5),
      // A run is superseded by the next hour's: no retries of a failed one, and a stale event is dropped.
      async: { failures: props.failures, retryAttempts: 0, maxEventAge: Duration.hours(1) },
    });
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["cloudwatch:GetMetricData"], resources: ["*"] }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({ actions: ["dynamodb:Scan"], resources: [props.policiesTable.tableArn] }),
    );
    this.function.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ["dynamodb:PutItem"],
        resources: [props.stateTable.tableArn],
        conditions: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": [`${FORECAST_KEY_PREFIX}*`] } },
      }),
    );
    if (this.function.role) {
      Validations.of(this.function.role).acknowledge({
        id: "AwsSolutions-IAM5[Resource::*]",
        reason: "Only cloudwatch:GetMetricData, which supports no resource-level permissions.",
      });
    }
    this.schedule = new events.Rule(this, "Schedule", {
      description: "driftless forecast, hourly",
      schedule: events.Schedule.rate(Duration.hours(1)),
      enabled: props.enabled,
    });
    this.schedule.addTarget(
      new targets.LambdaFunction(this.function, {
        retryAttempts: 2,
        maxEventAge: Duration.hours(1),
        deadLetterQueue: props.failures,
      }),
    );
  }
}
