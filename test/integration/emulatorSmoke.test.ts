/**
 * Smoke tests that pin down how the AWS API emulator (moto_server, by default) behaves with the SDK version
 * in package.json, for exactly the calls the runtime adapters rely on. Where moto differs from AWS the test
 * asserts moto's behaviour and says so; EMULATOR_NOTES.md lists those differences.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
} from "@aws-sdk/client-auto-scaling";
import {
  CloudWatchClient,
  DeleteAlarmsCommand,
  DescribeAlarmsCommand,
  GetMetricDataCommand,
  type MetricDataQuery,
  type MetricDataResult,
  PutMetricAlarmCommand,
  PutMetricDataCommand,
} from "@aws-sdk/client-cloudwatch";
import {
  BatchWriteItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  ListTablesCommand,
  type TableDescription,
  TransactionCanceledException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateCapacityProviderCommand,
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ListTagsForResourceCommand,
  PutClusterCapacityProvidersCommand,
  RegisterTaskDefinitionCommand,
  TagResourceCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { DescribeRuleCommand, PutRuleCommand } from "@aws-sdk/client-eventbridge";
import {
  BatchGetCommand,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type AwsTestClients, createAwsClients } from "../support/awsClients";
import { resetEmulator } from "../support/resetEmulator";
import { workerEndpoint } from "../support/workerEndpoint";

const STATE_TABLE = "driftless-state";
const DECISIONS_TABLE = "driftless-decisions";

/** Tests named "moto: ..." pin down moto's own behaviour and are skipped against other emulators. */
const onMoto = inject("awsEmulator") === "moto";
let aws: AwsTestClients;

beforeAll(() => {
  aws = createAwsClients();
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
});

/** Awaits `promise` and returns what it rejected with; fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected the call to fail, but it succeeded");
}

describe("harness", () => {
  it("gives the workers the endpoint, region and credentials through process.env and inject()", () => {
    // assert: this worker's own emulator, one of those the globalSetup provided
    expect(process.env.AWS_ENDPOINT_URL).toBe(
      workerEndpoint(inject("awsEndpoints"), process.env.VITEST_POOL_ID),
    );
    expect(inject("awsEndpoints")).toContain(process.env.AWS_ENDPOINT_URL);
    expect(process.env.AWS_REGION).toBeTruthy();
    expect(process.env.AWS_ACCESS_KEY_ID).toBeTruthy();
    expect(process.env.AWS_SECRET_ACCESS_KEY).toBeTruthy();
  });

  it("needs no endpoint option: the SDK itself reads AWS_ENDPOINT_URL", async () => {
    // arrange: clients built exactly as a Lambda builds them
    const plain = new DynamoDBClient({});
    const plainCloudWatch = new CloudWatchClient({});
    await createStateTable();

    // act
    const tables = await plain.send(new ListTablesCommand({}));
    const attempts = [await plain.config.maxAttempts(), await plainCloudWatch.config.maxAttempts()];
    plain.destroy();
    plainCloudWatch.destroy();

    // assert: the table only exists in the emulator, so the call went there
    expect(tables.TableNames).toContain(STATE_TABLE);
    // SDK retry defaults, unchanged by the harness: DynamoDB 4 attempts (SDK "retry v2026"), others 3.
    expect(attempts).toEqual([4, 3]);
  });

  it.runIf(onMoto)("resetEmulator() wipes all state on moto", async () => {
    // arrange
    await createStateTable();

    // act
    await resetEmulator();

    // assert
    const tables = await aws.dynamodb.send(new ListTablesCommand({}));
    expect(tables.TableNames).toEqual([]);
  });
});

async function createStateTable(): Promise<TableDescription | undefined> {
  const created = await aws.dynamodb.send(
    new CreateTableCommand({
      TableName: STATE_TABLE,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: "targetId", AttributeType: "S" }],
      KeySchema: [{ AttributeName: "targetId", KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" },
    }),
  );
  return created.TableDescription;
}

async function createDecisionsTable(): Promise<void> {
  await aws.dynamodb.send(
    new CreateTableCommand({
      TableName: DECISIONS_TABLE,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: "targetId", AttributeType: "S" },
        { AttributeName: "at", AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: "targetId", KeyType: "HASH" },
        { AttributeName: "at", KeyType: "RANGE" },
      ],
    }),
  );
}

describe("DynamoDB", () => {
  it("creates an on-demand table with a NEW_AND_OLD_IMAGES stream, ACTIVE at once", async () => {
    // act
    const table = await createStateTable();

    // assert
    expect(table?.TableStatus).toBe("ACTIVE");
    expect(table?.BillingModeSummary?.BillingMode).toBe("PAY_PER_REQUEST");
    expect(table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: "NEW_AND_OLD_IMAGES" });
    expect(table?.LatestStreamArn).toMatch(/:table\/driftless-state\/stream\//);
  });

  it("lets only the first of two writers holding the same version win (ConditionalCheckFailedException)", async () => {
    // arrange
    await createStateTable();
    await aws.documents.send(
      new PutCommand({
        TableName: STATE_TABLE,
        Item: { targetId: "t1", version: 1, desired: 2 },
        ConditionExpression: "attribute_not_exists(targetId)",
      }),
    );
    const read = await aws.documents.send(
      new GetCommand({ TableName: STATE_TABLE, Key: { targetId: "t1" }, ConsistentRead: true }),
    );
    const seen = read.Item?.version as number;
    const writeAs = (desired: number) =>
      aws.documents.send(
        new PutCommand({
          TableName: STATE_TABLE,
          Item: { targetId: "t1", version: seen + 1, desired },
          ConditionExpression: "version = :seen",
          ExpressionAttributeValues: { ":seen": seen },
          ReturnValuesOnConditionCheckFailure: "ALL_OLD",
        }),
      );

    // act
    await writeAs(3);
    const loser = await rejection(writeAs(4));

    // assert
    expect(loser).toBeInstanceOf(ConditionalCheckFailedException);
    expect(loser.name).toBe("ConditionalCheckFailedException");
    // With ReturnValuesOnConditionCheckFailure the loser gets the winning item without a re-read; it is a
    // raw AttributeValue map even through the document client (lib-dynamodb does not unmarshall errors).
    expect((loser as ConditionalCheckFailedException).Item).toEqual({
      targetId: { S: "t1" },
      version: { N: "2" },
      desired: { N: "3" },
    });
    const after = await aws.documents.send(
      new GetCommand({ TableName: STATE_TABLE, Key: { targetId: "t1" }, ConsistentRead: true }),
    );
    expect(after.Item).toEqual({ targetId: "t1", version: 2, desired: 3 });
  });

  it("returns 100 items from one BatchGetItem with nothing unprocessed", async () => {
    // arrange
    await createStateTable();
    const ids = Array.from({ length: 100 }, (_, i) => `target-${String(i).padStart(3, "0")}`);
    for (let i = 0; i < ids.length; i += 25) {
      await aws.dynamodb.send(
        new BatchWriteItemCommand({
          RequestItems: {
            [STATE_TABLE]: ids.slice(i, i + 25).map((id) => ({
              PutRequest: { Item: { targetId: { S: id }, version: { N: "1" } } },
            })),
          },
        }),
      );
    }

    // act
    const batch = await aws.documents.send(
      new BatchGetCommand({
        RequestItems: {
          [STATE_TABLE]: { Keys: ids.map((targetId) => ({ targetId })), ConsistentRead: true },
        },
      }),
    );
    const tooMany = await rejection(
      aws.documents.send(
        new BatchGetCommand({
          RequestItems: { [STATE_TABLE]: { Keys: [...ids, "one-more"].map((targetId) => ({ targetId })) } },
        }),
      ),
    );

    // assert
    const got = (batch.Responses?.[STATE_TABLE] ?? []).map((item) => item.targetId as string);
    expect(got.sort()).toEqual(ids);
    expect(batch.UnprocessedKeys ?? {}).toEqual({});
    expect(tooMany.name).toBe("ValidationException");
  });

  it("cancels a TransactWriteItems whose condition fails and reports the reason per item", async () => {
    // arrange
    await createStateTable();
    await createDecisionsTable();
    await aws.documents.send(
      new PutCommand({ TableName: STATE_TABLE, Item: { targetId: "t1", version: 5 } }),
    );
    const transact = (expectedVersion: number) =>
      aws.documents.send(
        new TransactWriteCommand({
          TransactItems: [
            {
              Update: {
                TableName: STATE_TABLE,
                Key: { targetId: "t1" },
                UpdateExpression: "SET version = :next",
                ConditionExpression: "version = :expected",
                ExpressionAttributeValues: { ":next": expectedVersion + 1, ":expected": expectedVersion },
              },
            },
            { Put: { TableName: DECISIONS_TABLE, Item: { targetId: "t1", at: 1_700_000_000_000, to: 3 } } },
          ],
        }),
      );

    // act
    await transact(5);
    const stale = await rejection(transact(5));

    // assert
    expect(stale).toBeInstanceOf(TransactionCanceledException);
    const reasons = (stale as TransactionCanceledException).CancellationReasons?.map((r) => r.Code);
    expect(reasons).toEqual(["ConditionalCheckFailed", "None"]);
    const state = await aws.documents.send(
      new GetCommand({ TableName: STATE_TABLE, Key: { targetId: "t1" }, ConsistentRead: true }),
    );
    expect(state.Item?.version).toBe(6);
  });

  it("enables TTL on an attribute", async () => {
    // arrange
    await createDecisionsTable();

    // act
    await aws.dynamodb.send(
      new UpdateTimeToLiveCommand({
        TableName: DECISIONS_TABLE,
        TimeToLiveSpecification: { AttributeName: "expiresAt", Enabled: true },
      }),
    );
    const ttl = await aws.dynamodb.send(new DescribeTimeToLiveCommand({ TableName: DECISIONS_TABLE }));

    // assert
    expect(ttl.TimeToLiveDescription).toEqual({ AttributeName: "expiresAt", TimeToLiveStatus: "ENABLED" });
  });

  it("queries a target's decisions in a time range, newest first, with pagination", async () => {
    // arrange
    await createDecisionsTable();
    const t0 = 1_700_000_000_000;
    for (const [targetId, k] of [
      ["a", 0],
      ["a", 1],
      ["a", 2],
      ["a", 3],
      ["b", 1],
    ] as const) {
      await aws.documents.send(
        new PutCommand({ TableName: DECISIONS_TABLE, Item: { targetId, at: t0 + k * 1000, to: k } }),
      );
    }
    const page = (ExclusiveStartKey?: Record<string, unknown>) =>
      aws.documents.send(
        new QueryCommand({
          TableName: DECISIONS_TABLE,
          KeyConditionExpression: "targetId = :t AND #at BETWEEN :from AND :to",
          ExpressionAttributeNames: { "#at": "at" },
          ExpressionAttributeValues: { ":t": "a", ":from": t0 + 1000, ":to": t0 + 3000 },
          ScanIndexForward: false,
          Limit: 2,
          ExclusiveStartKey,
        }),
      );

    // act
    const first = await page();
    const second = await page(first.LastEvaluatedKey);

    // assert
    expect(first.Items?.map((item) => item.to)).toEqual([3, 2]);
    expect(first.LastEvaluatedKey).toEqual({ targetId: "a", at: t0 + 2000 });
    expect(second.Items?.map((item) => item.to)).toEqual([1]);
    expect(second.LastEvaluatedKey).toBeUndefined();
  });

  it("updates with an UpdateExpression and returns the new image", async () => {
    // arrange
    await createStateTable();
    await aws.documents.send(
      new PutCommand({ TableName: STATE_TABLE, Item: { targetId: "t1", version: 1 } }),
    );

    // act
    const updated = await aws.documents.send(
      new UpdateCommand({
        TableName: STATE_TABLE,
        Key: { targetId: "t1" },
        UpdateExpression: "SET version = version + :one, appliedAt = :now",
        ConditionExpression: "version = :v",
        ExpressionAttributeValues: { ":one": 1, ":v": 1, ":now": "2024-01-01T00:00:00.000Z" },
        ReturnValues: "ALL_NEW",
      }),
    );

    // assert
    expect(updated.Attributes).toEqual({ targetId: "t1", version: 2, appliedAt: "2024-01-01T00:00:00.000Z" });
  });
});

describe("CloudWatch", () => {
  const NAMESPACE = "Driftless/Smoke";
  const dimensions = [
    { Name: "Cluster", Value: "gpu" },
    { Name: "Service", Value: "llm" },
  ];
  /** A minute boundary 10 minutes ago: inside the 3 hours AWS keeps 1-second data. */
  const base = Math.floor(Date.now() / 60_000) * 60_000 - 10 * 60_000;
  const at = (seconds: number) => new Date(base + seconds * 1000);
  const stat = (Id: string, Period: number, Stat: string): MetricDataQuery => ({
    Id,
    MetricStat: {
      Metric: { Namespace: NAMESPACE, MetricName: "QueueDepth", Dimensions: dimensions },
      Period,
      Stat,
    },
  });
  const offsets = (result: MetricDataResult | undefined) =>
    result?.Timestamps?.map((timestamp) => (timestamp.getTime() - base) / 1000);

  /** Puts value i at base + i seconds for i in [0, 30), high resolution, in two calls. */
  async function putSeries(): Promise<void> {
    const data = Array.from({ length: 30 }, (_, i) => ({
      MetricName: "QueueDepth",
      Dimensions: dimensions,
      Timestamp: at(i),
      Value: i,
      StorageResolution: 1,
    }));
    await aws.cloudwatch.send(
      new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: data.slice(0, 20) }),
    );
    await aws.cloudwatch.send(new PutMetricDataCommand({ Namespace: NAMESPACE, MetricData: data.slice(20) }));
  }

  it("speaks the SDK's current CloudWatch protocol (JSON 1.0, awsQueryCompatible, not CBOR)", async () => {
    // arrange: record the wire format of every request
    const client = new CloudWatchClient({});
    const contentTypes: string[] = [];
    client.middlewareStack.add(
      (next) => async (args) => {
        const { headers } = args.request as { headers: Record<string, string> };
        contentTypes.push(headers["content-type"] ?? "");
        return next(args);
      },
      { step: "finalizeRequest" },
    );

    // act
    await putSeries();
    const result = await client.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(30),
        MetricDataQueries: [stat("raw", 1, "Average")],
      }),
    );

    client.destroy();

    // assert
    expect(contentTypes).toEqual(["application/x-amz-json-1.0"]);
    expect(result.MetricDataResults?.[0]?.StatusCode).toBe("Complete");
  });

  it("returns several queries in one GetMetricData call, bucketed by Period, oldest first", async () => {
    // arrange
    await putSeries();

    // act
    const result = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: at(-60),
        EndTime: at(120),
        ScanBy: "TimestampAscending",
        MetricDataQueries: [
          stat("avg10", 10, "Average"),
          stat("sum10", 10, "Sum"),
          stat("max10", 10, "Maximum"),
          stat("min10", 10, "Minimum"),
          stat("n10", 10, "SampleCount"),
          stat("avg1", 1, "Average"),
          stat("avg60", 60, "Average"),
        ],
      }),
    );
    const byId = new Map(result.MetricDataResults?.map((r) => [r.Id, r]));

    // assert: every bucket holds the 10 points of [k*10, k*10+10) seconds; empty buckets are omitted
    expect(offsets(byId.get("avg10"))).toEqual([0, 10, 20]);
    expect(byId.get("avg10")?.Values).toEqual([4.5, 14.5, 24.5]);
    expect(byId.get("sum10")?.Values).toEqual([45, 145, 245]);
    expect(byId.get("max10")?.Values).toEqual([9, 19, 29]);
    expect(byId.get("min10")?.Values).toEqual([0, 10, 20]);
    expect(byId.get("n10")?.Values).toEqual([10, 10, 10]);
    expect(offsets(byId.get("avg1"))).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(byId.get("avg1")?.Values).toEqual(Array.from({ length: 30 }, (_, i) => i));
    expect(offsets(byId.get("avg60"))).toEqual([0]);
    expect(byId.get("avg60")?.Values).toEqual([14.5]);
    for (const r of result.MetricDataResults ?? []) expect(r.StatusCode).toBe("Complete");
  });

  it("returns newest first without ScanBy (TimestampDescending is the default)", async () => {
    // arrange
    await putSeries();

    // act
    const result = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(30),
        MetricDataQueries: [stat("avg10", 10, "Average")],
      }),
    );

    // assert
    expect(offsets(result.MetricDataResults?.[0])).toEqual([20, 10, 0]);
  });

  it.runIf(onMoto)("moto: starts Period buckets at StartTime, not at multiples of the Period", async () => {
    // arrange
    await putSeries();

    // act: a window that starts 5 s past a 10 s boundary and ends (exclusive) at 15 s
    const result = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: at(5),
        EndTime: at(15),
        ScanBy: "TimestampAscending",
        MetricDataQueries: [stat("avg10", 10, "Average")],
      }),
    );

    // assert: one bucket [5, 15) = mean of 5..14; AWS would align buckets to :00/:10 instead
    expect(offsets(result.MetricDataResults?.[0])).toEqual([5]);
    expect(result.MetricDataResults?.[0]?.Values).toEqual([9.5]);
  });

  it.runIf(onMoto)("moto: does not evaluate metric math expressions (empty result)", async () => {
    // arrange
    await putSeries();

    // act
    const result = await aws.cloudwatch.send(
      new GetMetricDataCommand({
        StartTime: at(0),
        EndTime: at(30),
        MetricDataQueries: [
          { ...stat("avg10", 10, "Average"), ReturnData: false },
          { Id: "e1", Expression: "avg10 * 2" },
        ],
      }),
    );

    // assert
    const e1 = result.MetricDataResults?.find((r) => r.Id === "e1");
    expect(e1?.Values).toEqual([]);
  });

  it.runIf(onMoto)("moto: fails percentile statistics (p90) with an HTTP 500", async () => {
    // arrange
    await putSeries();

    // 500 is retryable: keep the SDK from retrying a deterministic crash
    const client = new CloudWatchClient({ maxAttempts: 1 });

    // act
    const error = await rejection(
      client.send(
        new GetMetricDataCommand({
          StartTime: at(0),
          EndTime: at(30),
          MetricDataQueries: [stat("p90", 10, "p90")],
        }),
      ),
    );
    client.destroy();

    // assert
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500);
  });

  it("creates, lists by prefix and deletes a high-resolution (10 s) alarm", async () => {
    // arrange
    const alarm = {
      AlarmName: "driftless-llm-queue-high",
      Namespace: NAMESPACE,
      MetricName: "QueueDepth",
      Dimensions: dimensions,
      Statistic: "Average" as const,
      Period: 10,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
      Threshold: 5,
      ComparisonOperator: "GreaterThanThreshold" as const,
      TreatMissingData: "notBreaching",
    };

    // act
    await aws.cloudwatch.send(new PutMetricAlarmCommand(alarm));
    await aws.cloudwatch.send(new PutMetricAlarmCommand({ ...alarm, AlarmName: "other-alarm" }));
    const listed = await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "driftless-" }));
    await aws.cloudwatch.send(new DeleteAlarmsCommand({ AlarmNames: [alarm.AlarmName] }));
    const afterDelete = await aws.cloudwatch.send(
      new DescribeAlarmsCommand({ AlarmNamePrefix: "driftless-" }),
    );

    // assert
    expect(listed.MetricAlarms?.map((a) => [a.AlarmName, a.Period, a.EvaluationPeriods])).toEqual([
      [alarm.AlarmName, 10, 3],
    ]);
    expect(afterDelete.MetricAlarms).toEqual([]);
  });
});

/** Creates a launch configuration and an ASG; returns the group's ARN. */
async function createGpuGroup(autoScaling: AutoScalingClient, name = "gpu-asg"): Promise<string> {
  await autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: `${name}-lc`,
      ImageId: "ami-12c6146b",
      InstanceType: "g5.xlarge",
    }),
  );
  await autoScaling.send(
    new CreateAutoScalingGroupCommand({
      AutoScalingGroupName: name,
      LaunchConfigurationName: `${name}-lc`,
      MinSize: 0,
      MaxSize: 4,
      DesiredCapacity: 1,
      AvailabilityZones: ["us-east-1a"],
    }),
  );
  const described = await autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [name] }),
  );
  return described.AutoScalingGroups?.[0]?.AutoScalingGroupARN ?? "";
}

describe("Auto Scaling", () => {
  it("creates a group from a launch configuration and sets its desired capacity", async () => {
    // arrange
    await createGpuGroup(aws.autoScaling);

    // act
    await aws.autoScaling.send(
      new SetDesiredCapacityCommand({
        AutoScalingGroupName: "gpu-asg",
        DesiredCapacity: 3,
        HonorCooldown: false,
      }),
    );
    const described = await aws.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["gpu-asg"] }),
    );

    // assert
    const group = described.AutoScalingGroups?.[0];
    expect([group?.MinSize, group?.MaxSize, group?.DesiredCapacity]).toEqual([0, 4, 3]);
    expect(group?.Instances).toHaveLength(3); // moto launches (fake) instances at once
  });

  it.runIf(onMoto)("moto: accepts a desired capacity above MaxSize (AWS: ValidationError)", async () => {
    // arrange
    await createGpuGroup(aws.autoScaling);

    // act
    await aws.autoScaling.send(
      new SetDesiredCapacityCommand({
        AutoScalingGroupName: "gpu-asg",
        DesiredCapacity: 9,
        HonorCooldown: false,
      }),
    );
    const described = await aws.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: ["gpu-asg"] }),
    );

    // assert
    expect(described.AutoScalingGroups?.[0]?.DesiredCapacity).toBe(9);
  });

  it.runIf(onMoto)("moto: answers SetDesiredCapacity on a missing group with HTTP 500 HTML", async () => {
    // arrange
    const client = new AutoScalingClient({ maxAttempts: 1 });

    // act
    const error = await rejection(
      client.send(new SetDesiredCapacityCommand({ AutoScalingGroupName: "missing", DesiredCapacity: 1 })),
    );
    client.destroy();

    // assert: AWS answers 400 ValidationError "AutoScalingGroup name not found"
    expect((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode).toBe(500);
  });
});

describe("ECS", () => {
  /** Cluster with a GPU capacity provider over an ASG, a GPU task definition, and `count` services. */
  async function createGpuCluster(count: number): Promise<void> {
    const asgArn = await createGpuGroup(aws.autoScaling);
    await aws.ecs.send(new CreateClusterCommand({ clusterName: "gpu" }));
    await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: "llm",
        requiresCompatibilities: ["EC2"],
        containerDefinitions: [
          {
            name: "model",
            image: "vllm/vllm-openai",
            memory: 16_384,
            resourceRequirements: [{ type: "GPU", value: "1" }],
          },
        ],
      }),
    );
    await aws.ecs.send(
      new CreateCapacityProviderCommand({
        name: "gpu-cp",
        autoScalingGroupProvider: {
          autoScalingGroupArn: asgArn,
          managedScaling: { status: "ENABLED", targetCapacity: 100 },
          managedTerminationProtection: "ENABLED",
        },
      }),
    );
    await aws.ecs.send(
      new PutClusterCapacityProvidersCommand({
        cluster: "gpu",
        capacityProviders: ["gpu-cp"],
        defaultCapacityProviderStrategy: [{ capacityProvider: "gpu-cp", weight: 1 }],
      }),
    );
    for (let i = 0; i < count; i++) {
      await aws.ecs.send(
        new CreateServiceCommand({
          cluster: "gpu",
          serviceName: `llm-${i}`,
          taskDefinition: "llm",
          desiredCount: 2,
          capacityProviderStrategy: [{ capacityProvider: "gpu-cp", weight: 1 }],
        }),
      );
    }
  }

  it("registers a GPU task definition and a managed capacity provider over an ASG", async () => {
    // act
    await createGpuCluster(0);
    const { services } = await aws.ecs.send(new DescribeServicesCommand({ cluster: "gpu", services: [] }));

    // assert
    expect(services ?? []).toEqual([]);
  });

  it("describes 10 services in one call and reports missing ones as failures", async () => {
    // arrange
    await createGpuCluster(9);
    const names = [...Array.from({ length: 9 }, (_, i) => `llm-${i}`), "missing"];

    // act
    const described = await aws.ecs.send(new DescribeServicesCommand({ cluster: "gpu", services: names }));

    // assert
    expect(described.services?.map((s) => s.serviceName)).toEqual(names.slice(0, 9));
    expect(described.failures?.map((f) => f.reason)).toEqual(["MISSING"]);
    const first = described.services?.[0];
    expect(first?.desiredCount).toBe(2);
    if (onMoto) {
      // Right after CreateService moto reports every task as pending, none running, and it reports
      // launchType EC2 instead of echoing the capacityProviderStrategy (AWS: strategy, no launchType).
      expect([first?.runningCount, first?.pendingCount]).toEqual([0, 2]);
      expect(first?.launchType).toBe("EC2");
      expect(first?.capacityProviderStrategy).toBeUndefined();
    }
  });

  it.runIf(onMoto)(
    "moto: accepts more than 10 services per DescribeServices (AWS: InvalidParameterException)",
    async () => {
      // arrange
      await createGpuCluster(1);
      const names = Array.from({ length: 11 }, (_, i) => `llm-${i}`);

      // act
      const described = await aws.ecs.send(new DescribeServicesCommand({ cluster: "gpu", services: names }));

      // assert
      expect(described.services).toHaveLength(1);
      expect(described.failures).toHaveLength(10);
    },
  );

  it("updates desiredCount; moto then reports runningCount = desiredCount at once", async () => {
    // arrange
    await createGpuCluster(1);

    // act
    const updated = await aws.ecs.send(
      new UpdateServiceCommand({ cluster: "gpu", service: "llm-0", desiredCount: 5 }),
    );
    const described = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: "gpu", services: ["llm-0"] }),
    );

    // assert
    expect(updated.service?.desiredCount).toBe(5);
    const service = described.services?.[0];
    expect(service?.desiredCount).toBe(5);
    if (onMoto) {
      expect([service?.runningCount, service?.pendingCount]).toEqual([5, 0]);
      expect(service?.deployments?.[0]?.desiredCount).toBe(2); // moto leaves the deployment as created
    }
  });

  it("tags a service and lists its tags", async () => {
    // arrange
    await createGpuCluster(1);
    const { services } = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: "gpu", services: ["llm-0"] }),
    );
    const resourceArn = services?.[0]?.serviceArn ?? "";

    // act
    await aws.ecs.send(
      new TagResourceCommand({ resourceArn, tags: [{ key: "driftless:target", value: "llm-0" }] }),
    );
    const listed = await aws.ecs.send(new ListTagsForResourceCommand({ resourceArn }));

    // assert
    expect(resourceArn).toBe("arn:aws:ecs:us-east-1:123456789012:service/gpu/llm-0");
    expect(listed.tags).toEqual([{ key: "driftless:target", value: "llm-0" }]);
  });
});

describe("EventBridge", () => {
  it("accepts a rule for CloudWatch alarm state changes", async () => {
    // arrange
    const pattern = {
      source: ["aws.cloudwatch"],
      "detail-type": ["CloudWatch Alarm State Change"],
      detail: { alarmName: [{ prefix: "driftless-" }], state: { value: ["ALARM"] } },
    };

    // act
    const put = await aws.eventBridge.send(
      new PutRuleCommand({
        Name: "driftless-alarms",
        EventPattern: JSON.stringify(pattern),
        State: "ENABLED",
      }),
    );
    const described = await aws.eventBridge.send(new DescribeRuleCommand({ Name: "driftless-alarms" }));

    // assert
    expect(put.RuleArn).toMatch(/:rule\/driftless-alarms$/);
    expect(JSON.parse(described.EventPattern ?? "{}")).toEqual(pattern);
    expect(described.State).toBe("ENABLED");
  });
});
