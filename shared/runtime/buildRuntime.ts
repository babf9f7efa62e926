import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { ApplicationAutoScalingReader } from "../aws/ApplicationAutoScalingReader";
import { AutoScalingCapacityScaler } from "../aws/AutoScalingCapacityScaler";
import { AwsCallCounter } from "../aws/AwsCallCounter";
import { CloudWatchAlarmManager } from "../aws/CloudWatchAlarmManager";
import { CloudWatchMetricsSource } from "../aws/CloudWatchMetricsSource";
import { countAwsCalls } from "../aws/countAwsCalls";
import { DynamoDecisionLog } from "../aws/DynamoDecisionLog";
import { DynamoForecastStore } from "../aws/DynamoForecastStore";
import { DynamoPolicyStore } from "../aws/DynamoPolicyStore";
import { DynamoStateStore } from "../aws/DynamoStateStore";
import { EcsCapacityProviderReader } from "../aws/EcsCapacityProviderReader";
import { EcsServiceScaler } from "../aws/EcsServiceScaler";
import { loadRuntimeConfig, type RuntimeConfig } from "../config/RuntimeConfig";
import type { EngineDeps } from "../engine/EngineDeps";
import { createEngineMemory } from "../engine/EngineMemory";
import type { AlarmManager } from "../engine/ports/AlarmManager";
import type { Clock } from "../engine/ports/Clock";
import type { EvaluationObserver } from "../engine/ports/EvaluationObserver";
import { METRICS_NAMESPACE } from "../observability/metricNames";
import { PowertoolsObserver, type RoundObserver } from "../observability/PowertoolsObserver";
import { SystemClock } from "./SystemClock";

/** Everything a function or the CLI needs, built once per cold start. */
export interface Runtime {
  readonly config: RuntimeConfig;
  readonly deps: EngineDeps;
  readonly alarms: AlarmManager;
  readonly observer: EvaluationObserver & RoundObserver;
  readonly logger: Logger;
  readonly metrics: Metrics;
  readonly counter: AwsCallCounter;
  readonly dynamo: DynamoDBClient;
}

/**
 * Reads the configuration from `env` (throws a ConfigError naming every bad variable) and builds
 * the SDK clients (endpoint from the standard AWS_ENDPOINT_URL, counted), the adapters and the
 * observer. `clock` defaults to the wall clock.
 */
export function buildRuntime(
  env: Readonly<Record<string, string | undefined>>,
  options: { clock?: Clock; serviceName?: string } = {},
): Runtime {
  const config = loadRuntimeConfig(env);
  const counter = new AwsCallCounter();
  // Bounded socket timeouts keep a hung call inside the action grace period.
  const clientConfig = {
    region: config.region,
    // throwOnRequestTimeout: without it this SDK only warns when requestTimeout passes.
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
  };
  const dynamo = new DynamoDBClient(clientConfig);
  const cloudwatch = new CloudWatchClient(clientConfig);
  const ecs = new ECSClient(clientConfig);
  const autoscaling = new AutoScalingClient(clientConfig);
  const appScaling = new ApplicationAutoScalingClient(clientConfig);
  for (const client of [dynamo, cloudwatch, ecs, autoscaling, appScaling]) countAwsCalls(client, counter);

  // Logs say which function wrote them; metrics share one service name so a target's series stay whole.
  const logger = new Logger({
    serviceName: options.serviceName ?? env.POWERTOOLS_SERVICE_NAME ?? "driftless",
  });
  const metrics = new Metrics({
    namespace: env.POWERTOOLS_METRICS_NAMESPACE ?? METRICS_NAMESPACE,
    serviceName: env.POWERTOOLS_SERVICE_NAME ?? "driftless",
  });
  const observer = new PowertoolsObserver(logger, metrics);
  const deps: EngineDeps = {
    policies: new DynamoPolicyStore(dynamo, config.tables.policies),
    states: new DynamoStateStore(dynamo, config.tables.state),
    metrics: new CloudWatchMetricsSource(cloudwatch),
    services: new EcsServiceScaler(ecs),
    capacity: new AutoScalingCapacityScaler({ autoscaling, ecs }),
    appScaling: new ApplicationAutoScalingReader(appScaling),
    capacityProviders: new EcsCapacityProviderReader(ecs),
    log: new DynamoDecisionLog(dynamo, config.tables.history, config.historyTtlDays),
    clock: options.clock ?? new SystemClock(),
    observer,
    forecasts: new DynamoForecastStore(dynamo, config.tables.state),
    memory: createEngineMemory(),
    ceilings: config.ceilings,
    calls: counter,
  };
  return {
    config,
    deps,
    alarms: new CloudWatchAlarmManager(cloudwatch, config.alarmPrefix),
    observer,
    logger,
    metrics,
    counter,
    dynamo,
  };
}
