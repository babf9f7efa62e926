/**
 * Creates driftless's tables in the emulator with the key schemas of shared/aws/tableDefinitions.ts (the
 * ones the CDK stack creates), for the adapter integration tests.
 */
import { CreateTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { HISTORY_TABLE, POLICY_TABLE, STATE_TABLE } from "../../../shared/aws/tableDefinitions";

export const TABLES = {
  policies: "test-policies",
  state: "test-state",
  history: "test-history",
} as const;

/** The policies table: partition key targetId, with a NEW_AND_OLD_IMAGES stream. */
export async function createPolicyTable(
  dynamodb: DynamoDBClient,
  name: string = TABLES.policies,
): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: POLICY_TABLE.partitionKey, AttributeType: "S" }],
      KeySchema: [{ AttributeName: POLICY_TABLE.partitionKey, KeyType: "HASH" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: POLICY_TABLE.stream },
    }),
  );
}

/** The state table: partition key targetId. */
export async function createStateTable(dynamodb: DynamoDBClient, name: string = TABLES.state): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: STATE_TABLE.partitionKey, AttributeType: "S" }],
      KeySchema: [{ AttributeName: STATE_TABLE.partitionKey, KeyType: "HASH" }],
    }),
  );
}

/** The history table: partition key targetId, sort key `at` (a number). */
export async function createHistoryTable(
  dynamodb: DynamoDBClient,
  name: string = TABLES.history,
): Promise<void> {
  await dynamodb.send(
    new CreateTableCommand({
      TableName: name,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [
        { AttributeName: HISTORY_TABLE.partitionKey, AttributeType: "S" },
        { AttributeName: HISTORY_TABLE.sortKey, AttributeType: "N" },
      ],
      KeySchema: [
        { AttributeName: HISTORY_TABLE.partitionKey, KeyType: "HASH" },
        { AttributeName: HISTORY_TABLE.sortKey, KeyType: "RANGE" },
      ],
    }),
  );
}
