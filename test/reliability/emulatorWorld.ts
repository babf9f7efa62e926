/**
 * The engine on the AWS emulator: the production adapters over SDK clients that go through the fault proxy
 * (or straight to the emulator), a ManualClock, the three tables, ECS services and Auto Scaling groups made
 * for the test, load metrics published with explicit timestamps, and the scaling ports audited against the
 * emulator's own view (see WorldAudit; the audit reads the emulator directly, never through the proxy).
 *
 * Proxied clients keep the SDK's standard retry strategy (its error classification, attempt limits and
 * retry quota) with a 5 ms backoff instead of the 100 ms-20 s jittered one, and short timeouts that throw,
 * so injected faults are retried as in production without the test sleeping through backoffs.
 */
import {
  AutoScalingClient,
  CreateAutoScalingGroupCommand,
  CreateLaunchConfigurationCommand,
  DescribeAutoScalingGroupsCommand,
} from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, type MetricDatum, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  CreateClusterCommand,
  CreateServiceCommand,
  DescribeServicesCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
  UpdateServiceCommand,
} from "@aws-sdk/client-ecs";
import { StandardRetryStrategy } from "@smithy/core/retry";
import { MANAGED_TAG } from "../../infra/managedTag";
import { AutoScalingCapacityScaler } from "../../shared/aws/AutoScalingCapacityScaler";
import { AwsCallCounter } from "../../shared/aws/AwsCallCounter";
import { CloudWatchMetricsSource } from "../../shared/aws/CloudWatchMetricsSource";
import { countAwsCalls } from "../../shared/aws/countAwsCalls";
import { DynamoDecisionLog } from "../../shared/aws/DynamoDecisionLog";
import { DynamoPolicyStore } from "../../shared/aws/DynamoPolicyStore";
import { DynamoStateStore } from "../../shared/aws/DynamoStateStore";
import { EcsServiceScaler } from "../../shared/aws/EcsServiceScaler";
import { DEFAULT_TABLE_NAMES } from "../../shared/config/defaultTableNames";
import type { EngineDeps } from "../../shared/engine/EngineDeps";
import { createEngineMemory } from "../../shared/engine/EngineMemory";
import type { EvaluationObserver } from "../../shared/engine/ports/EvaluationObserver";
import type { StateStore } from "../../shared/engine/ports/StateStore";
import type { TargetState } from "../../shared/engine/ports/TargetState";
import { ManualClock } from "../../shared/inMemory/ManualClock";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { NS } from "../unit/engine/engineHarness";
import { CLUSTER, GROUP } from "./memoryWorld";
import { auditedCapacity, auditedServices, WorldAudit } from "./worldAudit";

export const TABLES = { ...DEFAULT_TABLE_NAMES };
const LAUNCH_CONFIGURATION = "reliability-lc";

/** SDK client options: through `endpoint` (the proxy) with fast retries, or from the environment. */
export function clientConfig(endpoint?: string, options: { attempts?: number; timeoutMs?: number } = {}) {
  return {
    ...(endpoint === undefined ? {} : { endpoint }),
    retryStrategy: new StandardRetryStrategy({
      maxAttempts: options.attempts ?? 3,
      backoff: { computeNextBackoffDelay: () => 5, setDelayBase: () => {} },
    }),
    requestHandler: {
      requestTimeout: options.timeoutMs ?? 2_000,
      connectionTimeout: options.timeoutMs ?? 2_000,
      throwOnRequestTimeout: true,
    },
  };
}

/** One evaluation process: its own SDK clients (retry quota, sockets), adapters and call counter. */
export interface EmulatorRuntime {
  readonly deps: EngineDeps;
  readonly counter: AwsCallCounter;
  readonly dynamo: DynamoDBClient;
  /** All four clients (to attach test middleware). */
  readonly clients: readonly [DynamoDBClient, CloudWatchClient, ECSClient, AutoScalingClient];
  destroy(): void;
}

/** Every successful state write any runtime made (for history checks), in order. */
export type StateWrites = TargetState[];

/** An observer that counts what the engine reports. */
export function countingObserver() {
  const seen = { conflicts: 0, errors: [] as unknown[], decisions: 0, invalid: 0 };
  const observer: EvaluationObserver = {
    decision: () => {
      seen.decisions++;
    },
    conflict: () => {
      seen.conflicts++;
    },
    invalidPolicy: () => {
      seen.invalid++;
    },
    targetError: (_id, error) => {
      seen.errors.push(error);
    },
  };
  return { seen, observer };
}

/** `inner` recording each write it saw succeed into `writes`. */
function recordingStates(inner: StateStore, writes: StateWrites): StateStore {
  return {
    getMany: (ids) => inner.getMany(ids),
    get: (id) => inner.get(id),
    put: async (state, expected) => {
      await inner.put(state, expected);
      writes.push(state);
    },
    markActionApplied: (...args) => inner.markActionApplied(...args),
    getSettings: () => inner.getSettings(),
    putSettings: (s) => inner.putSettings(s),
  };
}

export type EmulatorWorld = Awaited<ReturnType<typeof emulatorWorld>>;

/**
 * Bootstraps the tables and the task definition on the emulator (reset it first) and returns the world.
 * `t0` is a minute boundary five minutes in the past, so every datapoint stays in CloudWatch's range.
 */
export async function emulatorWorld(options: { proxyEndpoint?: string } = {}) {
  const t0 = Math.floor(Date.now() / 60_000) * 60 - 300;
  const clock = new ManualClock(t0);
  // Setup and the audit go straight to the emulator.
  const direct = {
    dynamo: new DynamoDBClient(clientConfig()),
    ecs: new ECSClient(clientConfig()),
    autoScaling: new AutoScalingClient(clientConfig()),
    // moto cannot read the gzipped bodies the SDK sends for PutMetricData requests above 10 KB.
    cloudwatch: new CloudWatchClient({ ...clientConfig(), disableRequestCompression: true }),
  };
  await bootstrapTables(direct.dynamo, TABLES);
  await direct.ecs.send(new CreateClusterCommand({ clusterName: CLUSTER }));
  await direct.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "llm",
      containerDefinitions: [{ name: "vllm", image: "vllm/vllm-openai:latest", memory: 1024 }],
    }),
  );
  await direct.autoScaling.send(
    new CreateLaunchConfigurationCommand({
      LaunchConfigurationName: LAUNCH_CONFIGURATION,
      ImageId: "ami-12c6146b",
      InstanceType: "g5.xlarge",
    }),
  );
  const audit = new WorldAudit(clock);
  const writes: StateWrites = [];
  const runtimes: EmulatorRuntime[] = [];
  let ids = 0;

  const desired = async (id: string): Promise<number | undefined> => {
    const out = await direct.ecs.send(
      new DescribeServicesCommand({ cluster: CLUSTER, services: [`llm-${id}`] }),
    );
    return out.services?.[0]?.desiredCount;
  };
  const instances = async (id: string): Promise<number | undefined> => {
    const out = await direct.autoScaling.send(
      new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [`${GROUP}-${id}`] }),
    );
    return out.AutoScalingGroups?.[0]?.DesiredCapacity;
  };

  /**
   * A new evaluation process: SDK clients through the proxy (when given), the production adapters over
   * them, the scaling ports audited. `observer` defaults to a silent one.
   */
  const runtime = (
    opts: { observer?: EvaluationObserver; attempts?: number; timeoutMs?: number; direct?: boolean } = {},
  ): EmulatorRuntime => {
    const endpoint = opts.direct ? undefined : options.proxyEndpoint;
    const config = () => clientConfig(endpoint, opts);
    const dynamo = new DynamoDBClient(config());
    const cloudwatch = new CloudWatchClient(config());
    const ecs = new ECSClient(config());
    const autoScaling = new AutoScalingClient(config());
    const counter = new AwsCallCounter();
    for (const client of [dynamo, cloudwatch, ecs, autoScaling]) countAwsCalls(client, counter);
    const deps: EngineDeps = {
      policies: new DynamoPolicyStore(dynamo, TABLES.policies),
      states: recordingStates(new DynamoStateStore(dynamo, TABLES.state), writes),
      metrics: new CloudWatchMetricsSource(cloudwatch),
      services: auditedServices(new EcsServiceScaler(ecs), audit, async (_c, s) =>
        desired(s.replace(/^llm-/, "")),
      ),
      capacity: auditedCapacity(
        new AutoScalingCapacityScaler({ autoscaling: autoScaling, ecs }),
        audit,
        async (g) => instances(g.slice(GROUP.length + 1)),
      ),
      log: new DynamoDecisionLog(dynamo, TABLES.history, 30),
      clock,
      observer: opts.observer ?? countingObserver().observer,
      memory: createEngineMemory(),
      ceilings: {},
      calls: counter,
      newId: () => `e${++ids}`,
    };
    const r: EmulatorRuntime = {
      deps,
      counter,
      dynamo,
      clients: [dynamo, cloudwatch, ecs, autoScaling],
      destroy: () => {
        for (const c of [dynamo, cloudwatch, ecs, autoScaling]) c.destroy();
      },
    };
    runtimes.push(r);
    return r;
  };

  /** Creates services `llm-<id>` at `replicas` (8 at a time) and, for `direct` ids, their groups. */
  const addServices = async (ids: readonly string[], replicas: number, directIds: readonly string[] = []) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: Math.min(8, ids.length) }, async () => {
        while (next < ids.length) {
          const id = ids[next++]!;
          await direct.ecs.send(
            new CreateServiceCommand({
              cluster: CLUSTER,
              serviceName: `llm-${id}`,
              taskDefinition: "llm",
              desiredCount: replicas,
              // As deployed: the IAM grants scaling only on tagged services (the IAM call proof checks).
              tags: [{ key: MANAGED_TAG.key, value: MANAGED_TAG.value }],
            }),
          );
          // moto reports a new service's tasks as pending until its first update: settle them.
          await direct.ecs.send(
            new UpdateServiceCommand({ cluster: CLUSTER, service: `llm-${id}`, desiredCount: replicas }),
          );
          if (directIds.includes(id)) {
            await direct.autoScaling.send(
              new CreateAutoScalingGroupCommand({
                AutoScalingGroupName: `${GROUP}-${id}`,
                LaunchConfigurationName: LAUNCH_CONFIGURATION,
                MinSize: 0,
                MaxSize: 50,
                DesiredCapacity: replicas,
                AvailabilityZones: ["us-east-1a"],
                Tags: [{ Key: MANAGED_TAG.key, Value: MANAGED_TAG.value, PropagateAtLaunch: false }],
              }),
            );
          }
        }
      }),
    );
  };

  /** Publishes each target's total load every 10 s over [from, to], batched 1,000 datapoints a call. */
  const publish = async (loads: ReadonlyMap<string, number>, from: number, to: number) => {
    const data: MetricDatum[] = [];
    for (const [id, total] of loads)
      for (let t = from; t <= to; t += 10)
        data.push({
          MetricName: "Ongoing",
          Dimensions: [{ Name: "Service", Value: `llm-${id}` }],
          Timestamp: new Date(t * 1000),
          Value: total,
          StorageResolution: 1,
        });
    for (let i = 0; i < data.length; i += 1000)
      await direct.cloudwatch.send(
        new PutMetricDataCommand({ Namespace: NS, MetricData: data.slice(i, i + 1000) }),
      );
  };

  return {
    t0,
    clock,
    audit,
    writes,
    direct,
    runtime,
    addServices,
    publish,
    desired,
    instances,
    destroy: () => {
      for (const r of runtimes) r.destroy();
      for (const c of Object.values(direct)) c.destroy();
    },
  };
}
