import { Logger } from "@aws-lambda-powertools/logger";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { AwsCallCounter } from "../aws/AwsCallCounter";
import { CloudWatchLoadHistory } from "../aws/CloudWatchLoadHistory";
import { countAwsCalls } from "../aws/countAwsCalls";
import { DynamoForecastStore } from "../aws/DynamoForecastStore";
import { DynamoPolicyStore } from "../aws/DynamoPolicyStore";
import { loadRuntimeConfig, type RuntimeConfig } from "../config/RuntimeConfig";
import type { Clock } from "../engine/ports/Clock";
import type { ForecastStore } from "../engine/ports/ForecastStore";
import type { HistoryMetric, LoadHistory } from "../engine/ports/LoadHistory";
import type { PolicyStore } from "../engine/ports/PolicyStore";
import { loadHistoryMetric } from "../observability/loadHistoryMetric";
import { SystemClock } from "./SystemClock";

/** What the forecast function and `driftless forecast` need, built once per cold start. */
export interface ForecastRuntime {
  readonly config: RuntimeConfig;
  readonly policies: PolicyStore;
  readonly history: LoadHistory;
  readonly forecasts: ForecastStore;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Every AWS call the clients made (the integration suite's IAM call proof sees them through it). */
  readonly counter: AwsCallCounter;
  /** The metric a target's load history is read from (driftless's own Load, see loadHistoryMetric). */
  readonly historyMetric: (targetId: string) => HistoryMetric;
}

/**
 * Reads the configuration from `env` (throws a ConfigError naming every bad variable) and builds the
 * clients (endpoint from AWS_ENDPOINT_URL) and adapters: policies, CloudWatch history and the forecast
 * items of the state table. The history metric's `service` dimension is POWERTOOLS_SERVICE_NAME, as the
 * evaluating functions publish it.
 */
export function buildForecastRuntime(
  env: Readonly<Record<string, string | undefined>>,
  options: { clock?: Clock; serviceName?: string } = {},
): ForecastRuntime {
  const config = loadRuntimeConfig(env);
  const clientConfig = {
    region: config.region,
    requestHandler: { requestTimeout: 10_000, connectionTimeout: 3_000, throwOnRequestTimeout: true },
  };
  const dynamo = new DynamoDBClient(clientConfig);
  const cloudwatch = new CloudWatchClient(clientConfig);
  const counter = new AwsCallCounter();
  for (const client of [dynamo, cloudwatch]) countAwsCalls(client, counter);
  const metricsService = env.POWERTOOLS_SERVICE_NAME ?? "driftless";
  const namespace = env.POWERTOOLS_METRICS_NAMESPACE;
  return {
    config,
    policies: new DynamoPolicyStore(dynamo, config.tables.policies),
    history: new CloudWatchLoadHistory(cloudwatch),
    forecasts: new DynamoForecastStore(dynamo, config.tables.state),
    clock: options.clock ?? new SystemClock(),
    logger: new Logger({ serviceName: options.serviceName ?? metricsService }),
    counter,
    historyMetric: (targetId) =>
      loadHistoryMetric({ targetId, serviceName: metricsService, ...(namespace ? { namespace } : {}) }),
  };
}
