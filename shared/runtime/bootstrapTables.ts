import {
  CreateTableCommand,
  type CreateTableCommandInput,
  DescribeTableCommand,
  type DynamoDBClient,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from "@aws-sdk/client-dynamodb";
import { HISTORY_TABLE, POLICY_TABLE, STATE_TABLE } from "../aws/tableDefinitions";

/** The CreateTable inputs of the three tables: the same keys, stream and billing as the CDK stack. */
export function tableInputs(names: {
  policies: string;
  state: string;
  history: string;
}): CreateTableCommandInput[] {
  return [
    {
      TableName: names.policies,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: POLICY_TABLE.partitionKey, KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: POLICY_TABLE.partitionKey, AttributeType: "S" }],
      StreamSpecification: { StreamEnabled: true, StreamViewType: POLICY_TABLE.stream },
    },
    {
      TableName: names.state,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [{ AttributeName: STATE_TABLE.partitionKey, KeyType: "HASH" }],
      AttributeDefinitions: [{ AttributeName: STATE_TABLE.partitionKey, AttributeType: "S" }],
    },
    {
      TableName: names.history,
      BillingMode: "PAY_PER_REQUEST",
      KeySchema: [
        { AttributeName: HISTORY_TABLE.partitionKey, KeyType: "HASH" },
        { AttributeName: HISTORY_TABLE.sortKey, KeyType: "RANGE" },
      ],
      AttributeDefinitions: [
        { AttributeName: HISTORY_TABLE.partitionKey, AttributeType: "S" },
        { AttributeName: HISTORY_TABLE.sortKey, AttributeType: "N" },
      ],
    },
  ];
}

/**
 * Creates the three tables on the configured endpoint (an emulator, LocalStack or an account),
 * skipping any that exist, waits until they are active, and turns on TTL for the history.
 * Returns which tables it created.
 */
export async function bootstrapTables(
  client: DynamoDBClient,
  names: { policies: string; state: string; history: string },
): Promise<string[]> {
  const created: string[] = [];
  for (const input of tableInputs(names)) {
    try {
      await client.send(new CreateTableCommand(input));
      created.push(input.TableName!);
    } catch (error) {
      if (!(error instanceof ResourceInUseException)) throw error;
    }
  }
  for (const input of tableInputs(names)) await waitActive(client, input.TableName!);
  if (created.includes(names.history)) {
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: names.history,
        TimeToLiveSpecification: { Enabled: true, AttributeName: HISTORY_TABLE.ttlAttribute },
      }),
    );
  }
  return created;
}

async function waitActive(client: DynamoDBClient, table: string): Promise<void> {
  for (let i = 0; i < 120; i++) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`table ${table} did not become ACTIVE within 60 s`);
}
