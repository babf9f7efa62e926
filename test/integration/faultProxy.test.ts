/**
 * The fault proxy (`test/support/faultProxy.ts`) between the real SDK and the emulator: every fault kind
 * produces, for DynamoDB, ECS, CloudWatch and Auto Scaling, the behaviour the SDK shows against AWS.
 * Clients go through the proxy with short timeouts and a retry strategy that is the SDK's own
 * (`StandardRetryStrategy`: same classification, same attempt and capacity rules) with a 5 ms backoff
 * instead of the 50 ms / 1 s jittered base, and that records how the SDK classified each failed attempt.
 * Setup and checks of the emulator's state go straight to the emulator (`createAwsClients()`).
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
  SetDesiredCapacityCommand,
} from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, GetMetricDataCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import {
  CreateTableCommand,
  DynamoDBClient,
  GetItemCommand,
  ListTablesCommand,
  PutItemCommand,
} from "@aws-sdk/client-dynamodb";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  ListClustersCommand,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { AwsSmithyRpcV2CborProtocol } from "@aws-sdk/core/protocols";
import { StandardRetryStrategy } from "@smithy/core/retry";
import type { RetryErrorInfo, StandardRetryToken } from "@smithy/types";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, inject, it } from "vitest";
import { type AwsTestClients, createAwsClients, requireEmulatorEndpoint } from "../support/awsClients";
import { encodeCborTextMap } from "../support/faultErrors";
import { type FaultProxy, type FaultRule, startFaultProxy } from "../support/faultProxy";
import { identifyRequest } from "../support/faultRequest";
import { resetEmulator } from "../support/resetEmulator";

/** Tests named "moto: ..." pin down moto's own behaviour and are skipped against other emulators. */
const onMoto = inject("awsEmulator") === "moto";
/** requestTimeout of the clients that meet a `timeout` fault. */
const REQUEST_TIMEOUT_MS = 500;
/** requestTimeout of the others: short, with room for a slow emulator on a busy machine. */
const DEFAULT_TIMEOUT_MS = 2_000;

let proxy: FaultProxy;
let aws: AwsTestClients;
const openClients: { destroy(): void }[] = [];

beforeAll(async () => {
  proxy = await startFaultProxy({ target: requireEmulatorEndpoint(), seed: 42 });
  aws = createAwsClients();
  // moto loads a service's code on its first call, which can take longer than the 500 ms request timeout.
  await Promise.all([
    aws.dynamodb.send(new ListTablesCommand({})),
    aws.ecs.send(new ListClustersCommand({})),
    aws.cloudwatch.send(getMetricData()),
    aws.autoScaling.send(new DescribeAutoScalingGroupsCommand({})),
    aws.eventBridge.send(new ListRulesCommand({})),
  ]);
});
afterAll(async () => {
  aws.destroy();
  await proxy.close();
});
beforeEach(async () => {
  await resetEmulator();
  proxy.clear();
  proxy.resetLog();
});
afterEach(() => {
  for (const client of openClients.splice(0)) client.destroy();
});

/** The SDK's standard strategy with a 5 ms backoff, recording the SDK's class of every failed attempt. */
class RecordingRetryStrategy extends StandardRetryStrategy {
  readonly errorTypes: string[] = [];
  constructor(maxAttempts: number) {
    super({ maxAttempts, backoff: { computeNextBackoffDelay: () => 5, setDelayBase: () => {} } });
  }
  override refreshRetryTokenForRetry(
    token: StandardRetryToken,
    info: RetryErrorInfo,
  ): Promise<StandardRetryToken> {
    this.errorTypes.push(info.errorType);
    return super.refreshRetryTokenForRetry(token, info);
  }
}

interface ProxyClientConfig {
  endpoint: string;
  retryStrategy: RecordingRetryStrategy;
  requestHandler: { requestTimeout: number; throwOnRequestTimeout: boolean };
}

/**
 * Client options through the proxy: `attempts` attempts and a request timeout that throws (in this SDK
 * `requestTimeout` alone only logs a warning; see the last describe block).
 */
function viaProxy(attempts = 3, requestTimeout = DEFAULT_TIMEOUT_MS): ProxyClientConfig {
  return {
    endpoint: proxy.endpoint,
    retryStrategy: new RecordingRetryStrategy(attempts),
    requestHandler: { requestTimeout, throwOnRequestTimeout: true },
  };
}

function track<T extends { destroy(): void }>(client: T): T {
  openClients.push(client);
  return client;
}

type SdkError = Error & {
  code?: string;
  $fault?: string;
  $metadata?: { attempts?: number; httpStatusCode?: number };
};

/** Awaits `promise` and returns what it rejected with; fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<SdkError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof Error) return error;
    throw new Error(`rejected with a non-Error: ${String(error)}`);
  }
  throw new Error("expected the call to fail, but it succeeded");
}

/** What the client saw: `ok` or the error's name. */
async function outcome(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return "ok";
  } catch (error) {
    return error instanceof Error ? error.name : String(error);
  }
}

interface Metadata {
  $metadata: { attempts?: number; httpStatusCode?: number };
}

interface ServiceCase {
  service: string;
  operation: string;
  /** The SDK error name of the service's throttling error, and of its HTTP 500 error. */
  throttleName: string;
  serverErrorName: string;
  /** Builds a client with `config` and returns a cheap read call that needs no setup. */
  probe(config: ProxyClientConfig): () => Promise<Metadata>;
}

const SERVICES: ServiceCase[] = [
  {
    service: "dynamodb",
    operation: "ListTables",
    throttleName: "ThrottlingException",
    serverErrorName: "InternalServerError",
    probe: (config) => {
      const client = track(new DynamoDBClient(config));
      return () => client.send(new ListTablesCommand({}));
    },
  },
  {
    service: "ecs",
    operation: "ListClusters",
    throttleName: "ThrottlingException",
    serverErrorName: "ServerException",
    probe: (config) => {
      const client = track(new ECSClient(config));
      return () => client.send(new ListClustersCommand({}));
    },
  },
  {
    service: "monitoring",
    operation: "GetMetricData",
    throttleName: "Throttling",
    serverErrorName: "InternalServiceFault",
    probe: (config) => {
      const client = track(new CloudWatchClient(config));
      return () => client.send(getMetricData());
    },
  },
  {
    service: "autoscaling",
    operation: "DescribeAutoScalingGroups",
    throttleName: "Throttling",
    serverErrorName: "InternalFailure",
    probe: (config) => {
      const client = track(new AutoScalingClient(config));
      return () => client.send(new DescribeAutoScalingGroupsCommand({}));
    },
  },
];

function getMetricData(): GetMetricDataCommand {
  const end = new Date(Math.floor(Date.now() / 60_000) * 60_000);
  return new GetMetricDataCommand({
    StartTime: new Date(end.getTime() - 600_000),
    EndTime: end,
    MetricDataQueries: [
      {
        Id: "load",
        MetricStat: {
          Metric: METRIC,
          Period: 60,
          Stat: "Average",
        },
      },
    ],
  });
}

describe("request identification", () => {
  it("names the service, operation and protocol of each SDK client's calls", async () => {
    // arrange
    const config = viaProxy();
    const events = track(new EventBridgeClient(config));

    // act
    for (const { probe } of SERVICES) await probe(config)();
    await events.send(new ListRulesCommand({}));

    // assert: CloudWatch speaks AWS JSON 1.0 (X-Amz-Target GraniteServiceVersion20100801.GetMetricData)
    expect(proxy.log().map((e) => [e.service, e.operation, e.protocol, e.attempt])).toEqual([
      ["dynamodb", "ListTables", "awsJson1_0", 1],
      ["ecs", "ListClusters", "awsJson1_1", 1],
      ["monitoring", "GetMetricData", "awsJson1_0", 1],
      ["autoscaling", "DescribeAutoScalingGroups", "awsQuery", 1],
      ["events", "ListRules", "awsJson1_1", 1],
    ]);
    expect(proxy.counts().byOperation).toEqual({
      "dynamodb:ListTables": 1,
      "ecs:ListClusters": 1,
      "monitoring:GetMetricData": 1,
      "autoscaling:DescribeAutoScalingGroups": 1,
      "events:ListRules": 1,
    });
    expect(
      proxy.log().every((e) => e.upstreamStatus === 200 && e.status === 200 && e.faults.length === 0),
    ).toBe(true);
  });

  it.each([
    {
      name: "JSON target, service from the credential scope",
      headers: {
        "X-Amz-Target": "DynamoDB_20120810.PutItem",
        "Content-Type": "application/x-amz-json-1.0",
        Authorization: "AWS4-HMAC-SHA256 Credential=AK/20260101/eu-west-1/dynamodb/aws4_request, Signature=x",
      },
      url: "/",
      body: "{}",
      expected: { service: "dynamodb", operation: "PutItem", protocol: "awsJson1_0", region: "eu-west-1" },
    },
    {
      name: "JSON target without a signature: service from the target",
      headers: {
        "x-amz-target": "AmazonEC2ContainerServiceV20141113.UpdateService",
        "content-type": "application/x-amz-json-1.1",
      },
      url: "/",
      body: "{}",
      expected: { service: "ecs", operation: "UpdateService", protocol: "awsJson1_1", region: undefined },
    },
    {
      name: "Smithy RPC v2 CBOR path",
      headers: { "content-type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" },
      url: "/service/GraniteServiceVersion20100801/operation/GetMetricData",
      body: "",
      expected: {
        service: "monitoring",
        operation: "GetMetricData",
        protocol: "rpcv2Cbor",
        region: undefined,
      },
    },
    {
      name: "query protocol (older CloudWatch): Action in the form body, cloudwatch scope normalized",
      headers: {
        "content-type": "application/x-www-form-urlencoded; charset=utf-8",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AK/20260101/us-east-1/cloudwatch/aws4_request, Signature=x",
      },
      url: "/",
      body: "Action=PutMetricData&Version=2010-08-01",
      expected: {
        service: "monitoring",
        operation: "PutMetricData",
        protocol: "awsQuery",
        region: "us-east-1",
      },
    },
    {
      name: "non-AWS call",
      headers: {},
      url: "/moto-api/reset",
      body: "",
      expected: {
        service: "unknown",
        operation: "POST /moto-api/reset",
        protocol: "other",
        region: undefined,
      },
    },
  ])("identifies a $name", ({ headers, url, body, expected }) => {
    // act
    const identity = identifyRequest({ method: "POST", url, headers, body });

    // assert
    expect(identity).toEqual(expected);
  });

  it("encodes CBOR error bodies per RFC 8949", () => {
    // act
    const bytes = encodeCborTextMap({ a: "b" });

    // assert: map(1) text(1) "a" text(1) "b"
    expect([...bytes]).toEqual([0xa1, 0x61, 0x61, 0x61, 0x62]);
  });
});

describe.each(SERVICES)(
  "$service through the proxy",
  ({ service, operation, throttleName, serverErrorName, probe }) => {
    it.each([1, 2])(
      "%i injected throttle(s) are retried by the SDK and invisible to the caller",
      async (count) => {
        // arrange
        const config = viaProxy(3);
        const call = probe(config);
        proxy.setRules([{ service, operation, to: count, fault: "throttle" }]);

        // act
        const result = await call();

        // assert
        expect(result.$metadata.attempts).toBe(count + 1);
        expect(config.retryStrategy.errorTypes).toEqual(Array(count).fill("THROTTLING"));
        expect(proxy.requests(service, operation).map((e) => e.faults)).toEqual([
          ...Array(count).fill(["throttle"]),
          [],
        ]);
        expect(proxy.faultsInjected("throttle")).toBe(count);
      },
    );

    it(`a throttle on every attempt surfaces as ${throttleName} after 3 attempts`, async () => {
      // arrange
      const config = viaProxy(3);
      const call = probe(config);
      proxy.setRules([{ service, operation, fault: "throttle" }]);

      // act
      const error = await rejection(call());

      // assert
      expect(error.name).toBe(throttleName);
      expect(error.$fault).toBe("client");
      expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 3 });
      expect(config.retryStrategy.errorTypes).toEqual(["THROTTLING", "THROTTLING", "THROTTLING"]);
      expect(proxy.requests(service).map((e) => [e.attempt, e.forwarded, e.status])).toEqual([
        [1, false, 400],
        [2, false, 400],
        [3, false, 400],
      ]);
    });

    it(`a server error is retried (one 503 is invisible); on every attempt it surfaces as ${serverErrorName}`, async () => {
      // arrange
      const config = viaProxy(3);
      const call = probe(config);
      proxy.setRules([{ service, calls: [1], fault: { kind: "server-error", status: 503 } }]);

      // act
      const once = await call();
      proxy.setRules([{ service, fault: "server-error" }]);
      const error = await rejection(call());

      // assert
      expect(once.$metadata.attempts).toBe(2);
      expect(error.name).toBe(serverErrorName);
      expect(error.$fault).toBe("server");
      expect(error.$metadata).toMatchObject({ httpStatusCode: 500, attempts: 3 });
      expect(config.retryStrategy.errorTypes).toEqual(Array(4).fill("TRANSIENT"));
    });

    it("a timeout surfaces as TimeoutError once the client's requestTimeout passes", async () => {
      // arrange
      const config = viaProxy(1, REQUEST_TIMEOUT_MS);
      const call = probe(config);
      proxy.setRules([{ service, fault: "timeout" }]);

      // act
      const started = performance.now();
      const error = await rejection(call());
      const elapsed = performance.now() - started;

      // assert
      expect(error).toMatchObject({ name: "TimeoutError", code: "ETIMEDOUT" });
      expect(error.message).toMatch(/exceeded the configured 500 ms requestTimeout/);
      expect(elapsed).toBeGreaterThanOrEqual(REQUEST_TIMEOUT_MS - 5);
      expect(elapsed).toBeLessThan(REQUEST_TIMEOUT_MS + 1_000);
      expect(proxy.requests(service)).toMatchObject([
        { faults: ["timeout"], forwarded: false, status: undefined },
      ]);
    });

    it("a drop before forwarding is retried invisibly; with one attempt it surfaces as a reset", async () => {
      // arrange
      const retried = viaProxy(3);
      const single = viaProxy(1);
      proxy.setRules([{ service, calls: [1, 3], fault: "drop" }]);

      // act
      const result = await probe(retried)();
      const error = await rejection(probe(single)());

      // assert
      expect(result.$metadata.attempts).toBe(2);
      expect(retried.retryStrategy.errorTypes).toEqual(["TRANSIENT"]);
      // The SDK's node handler renames ECONNRESET, EPIPE and ETIMEDOUT errors to TimeoutError.
      expect(error).toMatchObject({ name: "TimeoutError", code: "ECONNRESET", message: "socket hang up" });
      expect(proxy.requests(service).map((e) => [e.faults, e.forwarded])).toEqual([
        [["drop"], false],
        [[], true],
        [["drop"], false],
      ]);
    });

    it("latency delays the answer and changes nothing else", async () => {
      // arrange
      const call = probe(viaProxy(1));
      proxy.setRules([{ service, fault: { kind: "latency", ms: 200 } }]);

      // act
      const started = performance.now();
      const result = await call();
      const elapsed = performance.now() - started;

      // assert
      expect(result.$metadata.httpStatusCode).toBe(200);
      expect(elapsed).toBeGreaterThanOrEqual(195);
      expect(proxy.requests(service)).toMatchObject([
        { faults: ["latency"], upstreamStatus: 200, status: 200 },
      ]);
    });
  },
);

interface MutationCase {
  service: string;
  operation: string;
  /** Creates what the mutation needs, straight on the emulator. */
  setup(): Promise<void>;
  /** Builds a client with `config` and returns the mutating call. */
  mutate(config: ProxyClientConfig): () => Promise<Metadata>;
  /** Reads the mutated value straight from the emulator. */
  observe(): Promise<unknown>;
  before: unknown;
  after: unknown;
  /** The value after the call executed twice, when that differs from `after` (not idempotent). */
  afterTwice?: unknown;
}

const TABLE = "driftless-faults";
const CLUSTER = "gpu";
const SERVICE = "llm";
const GROUP = "gpu-asg";
const METRIC = { Namespace: "driftless/faults", MetricName: "Load" };
/** A whole minute in the recent past, so the datapoint falls in one aligned 60 s bucket. */
const METRIC_MINUTE = new Date(Math.floor(Date.now() / 60_000) * 60_000 - 120_000);

const MUTATIONS: MutationCase[] = [
  {
    service: "dynamodb",
    operation: "PutItem",
    setup: async () => {
      await aws.dynamodb.send(
        new CreateTableCommand({
          TableName: TABLE,
          BillingMode: "PAY_PER_REQUEST",
          AttributeDefinitions: [{ AttributeName: "k", AttributeType: "S" }],
          KeySchema: [{ AttributeName: "k", KeyType: "HASH" }],
        }),
      );
    },
    mutate: (config) => {
      const client = track(new DynamoDBClient(config));
      return () =>
        client.send(new PutItemCommand({ TableName: TABLE, Item: { k: { S: "a" }, v: { N: "3" } } }));
    },
    observe: async () => {
      const got = await aws.dynamodb.send(
        new GetItemCommand({ TableName: TABLE, Key: { k: { S: "a" } }, ConsistentRead: true }),
      );
      return got.Item?.v?.N;
    },
    before: undefined,
    after: "3",
  },
  {
    service: "ecs",
    operation: "UpdateService",
    setup: async () => {
      await aws.ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
      await aws.ecs.send(
        new RegisterTaskDefinitionCommand({
          family: SERVICE,
          containerDefinitions: [{ name: "model", image: "vllm/vllm-openai", memory: 1024 }],
        }),
      );
      await aws.ecs.send(
        new CreateServiceCommand({
          cluster: CLUSTER,
          serviceName: SERVICE,
          taskDefinition: SERVICE,
          desiredCount: 1,
        }),
      );
    },
    mutate: (config) => {
      const client = track(new ECSClient(config));
      return () =>
        client.send(new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, desiredCount: 3 }));
    },
    observe: async () => {
      const described = await aws.ecs.send(
        new DescribeServicesCommand({ cluster: CLUSTER, services: [SERVICE] }),
      );
      return described.services?.[0]?.desiredCount;
    },
    before: 1,
    after: 3,
  },
  {
    service: "monitoring",
    operation: "PutMetricData",
    setup: async () => {},
    mutate: (config) => {
      const client = track(new CloudWatchClient(config));
      return () =>
        client.send(
          new PutMetricDataCommand({
            Namespace: METRIC.Namespace,
            MetricData: [{ MetricName: METRIC.MetricName, Value: 3, Timestamp: METRIC_MINUTE }],
          }),
        );
    },
    // The number of datapoints stored: a PutMetricData executed twice doubles it.
    observe: async () => {
      const got = await aws.cloudwatch.send(
        new GetMetricDataCommand({
          StartTime: METRIC_MINUTE,
          EndTime: new Date(METRIC_MINUTE.getTime() + 60_000),
          MetricDataQueries: [{ Id: "n", MetricStat: { Metric: METRIC, Period: 60, Stat: "SampleCount" } }],
        }),
      );
      return got.MetricDataResults?.[0]?.Values?.[0] ?? 0;
    },
    before: 0,
    after: 1,
    afterTwice: 2,
  },
  {
    service: "autoscaling",
    operation: "SetDesiredCapacity",
    setup: async () => {
      await aws.autoScaling.send(
        new CreateLaunchConfigurationCommand({
          LaunchConfigurationName: GROUP,
          ImageId: "ami-12c6146b",
          InstanceType: "g5.xlarge",
        }),
      );
      await aws.autoScaling.send(
        new CreateAutoScalingGroupCommand({
          AutoScalingGroupName: GROUP,
          LaunchConfigurationName: GROUP,
          MinSize: 0,
          MaxSize: 5,
          DesiredCapacity: 1,
          AvailabilityZones: ["us-east-1a"],
        }),
      );
    },
    mutate: (config) => {
      const client = track(new AutoScalingClient(config));
      return () =>
        client.send(
          new SetDesiredCapacityCommand({
            AutoScalingGroupName: GROUP,
            DesiredCapacity: 3,
            HonorCooldown: false,
          }),
        );
    },
    observe: async () => {
      const described = await aws.autoScaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [GROUP] }),
      );
      return described.AutoScalingGroups?.[0]?.DesiredCapacity;
    },
    before: 1,
    after: 3,
  },
];

describe.each(MUTATIONS)("$service $operation: did the call happen?", (c) => {
  it("drop-after-forward: the emulator executed the call, the client saw only a reset connection", async () => {
    // arrange
    await c.setup();
    const call = c.mutate(viaProxy(1));
    proxy.setRules([{ service: c.service, operation: c.operation, fault: "drop-after-forward" }]);

    // act
    const error = await rejection(call());

    // assert
    expect(error).toMatchObject({ name: "TimeoutError", code: "ECONNRESET" });
    expect(await c.observe()).toEqual(c.after);
    expect(proxy.requests(c.service, c.operation)).toMatchObject([
      { faults: ["drop-after-forward"], forwarded: true, upstreamStatus: 200, status: undefined },
    ]);
  });

  it("drop before forwarding: the emulator never saw the call", async () => {
    // arrange
    await c.setup();
    const call = c.mutate(viaProxy(1));
    proxy.setRules([{ service: c.service, operation: c.operation, fault: "drop" }]);

    // act
    const error = await rejection(call());

    // assert
    expect(error).toMatchObject({ name: "TimeoutError", code: "ECONNRESET" });
    expect(await c.observe()).toEqual(c.before);
    expect(proxy.requests(c.service, c.operation)).toMatchObject([
      { forwarded: false, upstreamStatus: undefined },
    ]);
  });

  it("drop-after-forward on the first attempt: the SDK retries, so the emulator executes the call twice", async () => {
    // arrange
    await c.setup();
    const call = c.mutate(viaProxy(3));
    proxy.setRules([{ service: c.service, operation: c.operation, calls: [1], fault: "drop-after-forward" }]);

    // act
    const result = await call();

    // assert: invisible to the caller; harmless only where executing the call twice is
    expect(result.$metadata.attempts).toBe(2);
    expect(await c.observe()).toEqual(c.afterTwice ?? c.after);
    expect(
      proxy.requests(c.service, c.operation).map((e) => [e.attempt, e.upstreamStatus, e.status]),
    ).toEqual([
      [1, 200, undefined],
      [2, 200, 200],
    ]);
  });
});

describe("schedules, arming and clearing", () => {
  /** Runs `n` single-attempt ListTables calls and returns what each caller saw. */
  async function listTables(n: number): Promise<string[]> {
    const call = SERVICES[0]!.probe(viaProxy(1));
    const seen: string[] = [];
    for (let k = 0; k < n; k++) seen.push(await outcome(call()));
    return seen;
  }

  it("faults exactly the scheduled calls: the 2nd and 3rd, and calls 5..6 of another rule", async () => {
    // arrange
    proxy.setRules([
      { service: "dynamodb", operation: "ListTables", calls: [2, 3], fault: "throttle" },
      {
        service: "dynamodb",
        operation: "List*",
        from: 5,
        to: 6,
        fault: { kind: "server-error", status: 503 },
      },
    ]);

    // act
    const seen = await listTables(7);

    // assert
    expect(seen).toEqual([
      "ok",
      "ThrottlingException",
      "ThrottlingException",
      "ok",
      "ServiceUnavailable",
      "ServiceUnavailable",
      "ok",
    ]);
    expect(proxy.counts().byFault).toEqual({ throttle: 2, "server-error": 2 });
    expect(proxy.faultsInjected()).toBe(4);
  });

  it("counts a rule's calls per service and operation, retries included", async () => {
    // arrange: the 2nd and 3rd UpdateService requests, whatever else goes on
    const ecs = track(new ECSClient(viaProxy(3)));
    await aws.ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
    await aws.ecs.send(
      new RegisterTaskDefinitionCommand({
        family: SERVICE,
        containerDefinitions: [{ name: "model", image: "vllm/vllm-openai", memory: 1024 }],
      }),
    );
    await aws.ecs.send(
      new CreateServiceCommand({
        cluster: CLUSTER,
        serviceName: SERVICE,
        taskDefinition: SERVICE,
        desiredCount: 1,
      }),
    );
    proxy.setRules([{ service: "ecs", operation: "UpdateService", calls: [2, 3], fault: "throttle" }]);

    // act
    const first = await ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, desiredCount: 2 }),
    );
    await ecs.send(new ListClustersCommand({}));
    const second = await ecs.send(
      new UpdateServiceCommand({ cluster: CLUSTER, service: SERVICE, desiredCount: 3 }),
    );

    // assert: the second call's first two attempts were the 2nd and 3rd UpdateService requests
    expect([first.$metadata.attempts, second.$metadata.attempts]).toEqual([1, 3]);
    expect(second.service?.desiredCount).toBe(3);
    expect(
      proxy.requests("ecs").map((e) => `${e.operation}#${e.attempt}:${e.faults.join("+") || "-"}`),
    ).toEqual([
      "UpdateService#1:-",
      "ListClusters#1:-",
      "UpdateService#1:throttle",
      "UpdateService#2:throttle",
      "UpdateService#3:-",
    ]);
  });

  it("faults every call between arm() and disarm(), and at most `times` times", async () => {
    // arrange
    proxy.setRules([
      { id: "outage", service: "dynamodb", armed: false, fault: "server-error" },
      { id: "blip", service: "ecs", times: 1, fault: "throttle" },
    ]);

    // act
    const before = await listTables(1);
    proxy.arm("outage");
    const armed = await listTables(2);
    proxy.disarm("outage");
    const after = await listTables(1);
    const ecs = track(new ECSClient(viaProxy(1)));
    const blips = [
      await outcome(ecs.send(new ListClustersCommand({}))),
      await outcome(ecs.send(new ListClustersCommand({}))),
    ];

    // assert
    expect([...before, ...armed, ...after]).toEqual([
      "ok",
      "InternalServerError",
      "InternalServerError",
      "ok",
    ]);
    expect(blips).toEqual(["ThrottlingException", "ok"]);
    expect(proxy.log().map((e) => e.rules)).toEqual([[], ["outage"], ["outage"], [], ["blip"], []]);
    expect(() => proxy.arm("typo")).toThrow(/no fault rule with id "typo"/);
  });

  it("probability faults are deterministic for a seed and differ across seeds", async () => {
    // arrange
    const rules: FaultRule[] = [{ service: "dynamodb", probability: 0.4, fault: "throttle" }];
    const other = await startFaultProxy({ target: requireEmulatorEndpoint(), seed: 43, rules });
    const viaOther = track(new DynamoDBClient({ ...viaProxy(1), endpoint: other.endpoint }));

    // act
    proxy.setRules(rules);
    const first = await listTables(30);
    proxy.setRules(rules);
    const again = await listTables(30);
    const otherSeed: string[] = [];
    try {
      for (let k = 0; k < 30; k++) otherSeed.push(await outcome(viaOther.send(new ListTablesCommand({}))));
    } finally {
      await other.close();
    }

    // assert
    expect(again).toEqual(first);
    expect(otherSeed).not.toEqual(first);
    const throttled = first.filter((o) => o === "ThrottlingException").length;
    expect(throttled).toBeGreaterThan(3);
    expect(throttled).toBeLessThan(27);
  });

  it("clearing the rules restores normal traffic at once", async () => {
    // arrange
    const call = SERVICES[1]!.probe(viaProxy(3));
    proxy.setRules([{ service: "ecs", fault: "throttle" }]);
    const during = await outcome(call());

    // act
    proxy.clear();
    const result = await call();

    // assert
    expect(during).toBe("ThrottlingException");
    expect(result.$metadata.attempts).toBe(1);
    expect(proxy.log().at(-1)).toMatchObject({ faults: [], upstreamStatus: 200, status: 200, done: true });
    expect(proxy.faultsInjected("throttle")).toBe(3);
  });

  it("latency adds to another fault on the same request", async () => {
    // arrange
    const call = SERVICES[0]!.probe(viaProxy(1));
    proxy.setRules([
      { service: "dynamodb", fault: "throttle" },
      { service: "*", fault: { kind: "latency", ms: 100 } },
    ]);

    // act
    const started = performance.now();
    const seen = await outcome(call());

    // assert
    expect(performance.now() - started).toBeGreaterThanOrEqual(95);
    expect(seen).toBe("ThrottlingException");
    expect(proxy.log()).toMatchObject([{ faults: ["latency", "throttle"], rules: ["#1", "#0"] }]);
  });

  it("rejects invalid rules, naming every problem", () => {
    // act
    const set = () =>
      proxy.setRules([
        { probability: 2, fault: "throttle" },
        { calls: [0], from: 3, to: 2, fault: { kind: "latency", ms: -1 } },
      ]);

    // assert
    expect(set).toThrow(/rule 0: probability[\s\S]*rule 1: latency[\s\S]*calls are 1-based[\s\S]*from > to/);
  });
});

describe("SDK and emulator behaviour the proxy exposes", () => {
  it("a single throttle is retried with the SDK's default strategy and backoff too", async () => {
    // arrange: as production builds it (default retry strategy, DynamoDB: 4 attempts)
    const dynamodb = track(new DynamoDBClient({ endpoint: proxy.endpoint }));
    proxy.setRules([{ service: "dynamodb", calls: [1], fault: "throttle" }]);

    // act
    const result = await dynamodb.send(new ListTablesCommand({}));

    // assert
    expect(result.$metadata.attempts).toBe(2);
  });

  it("a single timeout is retried as a transient error", async () => {
    // arrange
    const config = viaProxy(3, REQUEST_TIMEOUT_MS);
    const call = SERVICES[1]!.probe(config);
    proxy.setRules([{ service: "ecs", calls: [1], fault: "timeout" }]);

    // act
    const result = await call();

    // assert
    expect(result.$metadata.attempts).toBe(2);
    expect(config.retryStrategy.errorTypes).toEqual(["TRANSIENT"]);
  });

  it("requestTimeout without throwOnRequestTimeout only warns: the call waits until the server gives up", async () => {
    // arrange: how shared/runtime/buildRuntime.ts configures its clients (requestTimeout alone)
    const warnings: string[] = [];
    const logger = {
      debug() {},
      info() {},
      error() {},
      warn: (message: string) => void warnings.push(message),
    };
    const dynamodb = track(
      new DynamoDBClient({
        endpoint: proxy.endpoint,
        maxAttempts: 1,
        requestHandler: { requestTimeout: 200, logger },
      }),
    );
    proxy.setRules([{ service: "dynamodb", fault: { kind: "timeout", holdMs: 800 } }]);

    // act
    const started = performance.now();
    const error = await rejection(dynamodb.send(new ListTablesCommand({})));
    const elapsed = performance.now() - started;

    // assert: nothing happens at 200 ms but a warning; the connection reset at 800 ms ends the call
    expect(error).toMatchObject({ name: "TimeoutError", code: "ECONNRESET" });
    expect(elapsed).toBeGreaterThanOrEqual(795);
    expect(warnings.join("\n")).toMatch(/exceeded the configured 200 ms requestTimeout/);
  });

  it("a Smithy RPC v2 CBOR client gets the CloudWatch throttling error in CBOR", async () => {
    // arrange: what a newer SDK would send (POST /service/GraniteServiceVersion20100801/operation/...)
    const config = viaProxy(2);
    const cloudwatch = track(new CloudWatchClient({ ...config, protocol: AwsSmithyRpcV2CborProtocol }));
    proxy.setRules([{ service: "monitoring", operation: "GetMetricData", fault: "throttle" }]);

    // act
    const error = await rejection(cloudwatch.send(getMetricData()));

    // assert
    expect(error.name).toBe("Throttling");
    expect(error.$metadata).toMatchObject({ httpStatusCode: 400, attempts: 2 });
    expect(config.retryStrategy.errorTypes).toEqual(["THROTTLING", "THROTTLING"]);
    expect(proxy.log().map((e) => [e.service, e.operation, e.protocol])).toEqual([
      ["monitoring", "GetMetricData", "rpcv2Cbor"],
      ["monitoring", "GetMetricData", "rpcv2Cbor"],
    ]);
  });

  it.runIf(onMoto)("moto: CloudWatch over RPC v2 CBOR is not supported (HTTP 404)", async () => {
    // arrange
    const cloudwatch = track(new CloudWatchClient({ ...viaProxy(1), protocol: AwsSmithyRpcV2CborProtocol }));

    // act
    const error = await rejection(cloudwatch.send(getMetricData()));

    // assert
    expect(error.$metadata?.httpStatusCode).toBe(404);
    expect(proxy.log()).toMatchObject([{ protocol: "rpcv2Cbor", forwarded: true, upstreamStatus: 404 }]);
  });

  it("forwards with the target's Host too (rewriteHost), which moto accepts as it ignores signatures", async () => {
    // arrange
    const rewriting = await startFaultProxy({ target: requireEmulatorEndpoint(), rewriteHost: true });
    const dynamodb = track(new DynamoDBClient({ ...viaProxy(1), endpoint: rewriting.endpoint }));

    // act
    try {
      const result = await dynamodb.send(new ListTablesCommand({}));

      // assert
      expect(result.TableNames).toEqual([]);
      expect(rewriting.log()).toMatchObject([{ service: "dynamodb", upstreamStatus: 200 }]);
    } finally {
      await rewriting.close();
    }
  });
});
