import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import type { BatchRetryOptions } from "../../../shared/aws/BatchRetryOptions";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { DynamoDecisionLog } from "../../../shared/aws/DynamoDecisionLog";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";
import { decisionRecord } from "../../unit/aws/fixtures";
import { createHistoryTable, TABLES } from "./createTables";
import { injectUnprocessed } from "./injectUnprocessed";

let aws: AwsTestClients;
let calls: AwsCallCounter;
let sleeps: number[];
let log: DynamoDecisionLog;

const retry: BatchRetryOptions = {
  maxAttempts: 4,
  baseDelayMs: 50,
  maxDelayMs: 800,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
};
const T0 = 1_767_225_600;

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.dynamodb, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  await createHistoryTable(aws.dynamodb);
  log = new DynamoDecisionLog(aws.dynamodb, TABLES.history, 30, retry);
  calls.reset();
  sleeps = [];
});

describe("DynamoDecisionLog", () => {
  it("appends 60 records in 3 BatchWriteItem calls and reads the newest first, exactly as written", async () => {
    // arrange
    const records = Array.from({ length: 60 }, (_, i) =>
      decisionRecord(T0 + i * 10.001, { targetId: i % 2 === 0 ? "even" : "odd" }),
    );

    // act
    await log.append(records);
    const appendCalls = calls.snapshot();
    const recent = await log.recent("even", 3);

    // assert
    expect(appendCalls).toEqual({ "DynamoDB:BatchWriteItem": 3 });
    expect(recent).toEqual([records[58], records[56], records[54]]);
  });

  it("keeps two records of one target in the same millisecond under distinct keys", async () => {
    // arrange
    const first = decisionRecord(T0 + 0.0001, { reason: "first" });
    const second = decisionRecord(T0 + 0.0004, { reason: "second" });
    const other = decisionRecord(T0, { targetId: "other" });

    // act
    await log.append([first, second, other]);
    const items = await aws.documents.send(
      new QueryCommand({
        TableName: TABLES.history,
        KeyConditionExpression: "targetId = :t",
        ExpressionAttributeValues: { ":t": "llm-a" },
      }),
    );

    // assert: the second one moved one millisecond on; `at` of the records stays exact
    expect(items.Items?.map((item) => [item.at, item.atS, item.reason])).toEqual([
      [T0 * 1000, first.at, "first"],
      [T0 * 1000 + 1, second.at, "second"],
    ]);
    expect(await log.recent("llm-a", 10)).toEqual([second, first]);
    expect(await log.recent("other", 10)).toEqual([other]);
  });

  it("sets expiresAt to the decision time plus the retention, in epoch seconds", async () => {
    // act
    await log.append([decisionRecord(T0 + 0.75)]);
    const items = await aws.documents.send(
      new QueryCommand({
        TableName: TABLES.history,
        KeyConditionExpression: "targetId = :t",
        ExpressionAttributeValues: { ":t": "llm-a" },
      }),
    );

    // assert
    expect(items.Items?.[0]?.expiresAt).toBe(T0 + 30 * 86_400);
  });

  it("re-sends UnprocessedItems with backoff until every record is written", async () => {
    // arrange: the first two calls write 10 requests each and hand back the rest
    const records = Array.from({ length: 25 }, (_, i) => decisionRecord(T0 + i));
    const remove = injectUnprocessed(aws.dynamodb, { times: 2, keep: 10 });

    // act
    await log.append(records);
    remove();
    const recent = await log.recent("llm-a", 100);

    // assert
    expect(recent).toHaveLength(25);
    expect(calls.snapshot()).toEqual({ "DynamoDB:BatchWriteItem": 3, "DynamoDB:Query": 1 });
    expect(sleeps).toEqual([50, 100]);
  });

  it("returns fewer records than the limit when there are fewer, and makes no call for limit 0", async () => {
    // arrange
    await log.append([decisionRecord(T0), decisionRecord(T0 + 10)]);
    calls.reset();

    // act
    await log.append([]);
    const none = await log.recent("llm-a", 0);
    const all = await log.recent("llm-a", 5);
    const nobody = await log.recent("nobody", 5);

    // assert
    expect(none).toEqual([]);
    expect(all.map((r) => r.at)).toEqual([T0 + 10, T0]);
    expect(nobody).toEqual([]);
    expect(calls.snapshot()).toEqual({ "DynamoDB:Query": 2 });
  });
});
