/**
 * SDK v3 clients for integration tests, configured the way the Lambda functions configure theirs: from the
 * environment only. The SDK itself reads AWS_ENDPOINT_URL (and AWS_REGION and the credentials), so no
 * endpoint is passed here; `emulatorSmoke.test.ts` pins that behaviour down. Retries keep the SDK defaults,
 * as in production (`maxAttempts` 4 for DynamoDB, 3 for the others with this SDK version).
 */
import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ECSClient } from "@aws-sdk/client-ecs";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

export interface AwsTestClients {
  dynamodb: DynamoDBClient;
  /** Document client over `dynamodb` (plain JS values, `undefined` attributes dropped). */
  documents: DynamoDBDocumentClient;
  cloudwatch: CloudWatchClient;
  ecs: ECSClient;
  autoScaling: AutoScalingClient;
  eventBridge: EventBridgeClient;
  /** Closes every client's connection pool. */
  destroy(): void;
}

/**
 * Returns the emulator endpoint from the environment; throws when it is missing, so an integration test
 * run without the globalSetup never sends mutating calls to whatever account the ambient credentials reach.
 */
export function requireEmulatorEndpoint(): string {
  const endpoint = process.env.AWS_ENDPOINT_URL;
  if (!endpoint) {
    throw new Error(
      "AWS_ENDPOINT_URL is not set: run integration tests through vitest (the integration project's " +
        "globalSetup starts moto_server), or point AWS_ENDPOINT_URL at an emulator such as LocalStack.",
    );
  }
  return endpoint;
}

/** Builds one client per service from the environment (endpoint, region, credentials). */
export function createAwsClients(): AwsTestClients {
  requireEmulatorEndpoint();
  const dynamodb = new DynamoDBClient({});
  const documents = DynamoDBDocumentClient.from(dynamodb, {
    marshallOptions: { removeUndefinedValues: true },
  });
  const cloudwatch = new CloudWatchClient({});
  const ecs = new ECSClient({});
  const autoScaling = new AutoScalingClient({});
  const eventBridge = new EventBridgeClient({});
  return {
    dynamodb,
    documents,
    cloudwatch,
    ecs,
    autoScaling,
    eventBridge,
    destroy() {
      for (const client of [documents, dynamodb, cloudwatch, ecs, autoScaling, eventBridge]) client.destroy();
    },
  };
}
