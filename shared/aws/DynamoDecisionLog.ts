import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchWriteCommand, type DynamoDBDocumentClient, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { DecisionLog, DecisionRecord } from "../engine/ports/DecisionLog";
import { AwsCallError } from "../errors/AwsCallError";
import { type BatchRetryOptions, DEFAULT_BATCH_RETRY } from "./BatchRetryOptions";
import { callAws } from "./callAws";
import { chunk } from "./chunk";
import { createDocumentClient } from "./createDocumentClient";
import { fromDecisionItem } from "./fromDecisionItem";
import { retryUnprocessed } from "./retryUnprocessed";
import { HISTORY_TABLE } from "./tableDefinitions";
import { toDecisionItems } from "./toDecisionItems";
import { unprocessedError } from "./unprocessedError";

/** DynamoDB's limit of requests per BatchWriteItem call. */
const BATCH_WRITE_MAX_ITEMS = 25;

type WriteRequest = { PutRequest: { Item: Record<string, unknown> } };

/**
 * DecisionLog over the history table (targetId + `at` epoch-ms sort key, `expiresAt` TTL): appends are
 * unconditional batch writes (see toDecisionItems for how same-millisecond records keep distinct keys),
 * reads are newest-first queries.
 */
export class DynamoDecisionLog implements DecisionLog {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retentionDays: number;
  private readonly retry: BatchRetryOptions;

  /**
   * `retentionDays` (a positive integer: RuntimeConfig.historyTtlDays) sets each item's expiresAt; `retry`
   * bounds the re-sends of UnprocessedItems (default: DEFAULT_BATCH_RETRY). Throws RangeError for a bad
   * retention.
   */
  constructor(
    client: DynamoDBClient,
    tableName: string,
    retentionDays: number,
    retry: BatchRetryOptions = DEFAULT_BATCH_RETRY,
  ) {
    if (!Number.isSafeInteger(retentionDays) || retentionDays < 1) {
      throw new RangeError(`history retention must be a positive whole number of days, got ${retentionDays}`);
    }
    this.documents = createDocumentClient(client);
    this.tableName = tableName;
    this.retentionDays = retentionDays;
    this.retry = retry;
  }

  /**
   * Writes every record by BatchWriteItem in chunks of 25, sent one after the other; UnprocessedItems are
   * re-sent with backoff, and an AwsCallError (errorName `Unprocessed`) is thrown if some remain after
   * `retry.maxAttempts` sends. Chunks written before a failure stay written (history is append-only).
   */
  async append(records: readonly DecisionRecord[]): Promise<void> {
    const requests: WriteRequest[] = toDecisionItems(records, this.retentionDays).map((Item) => ({
      PutRequest: { Item },
    }));
    for (const batch of chunk(requests, BATCH_WRITE_MAX_ITEMS)) {
      const left = await retryUnprocessed(
        batch,
        async (pending) => {
          const result = await callAws({ service: "DynamoDB", operation: "BatchWriteItem" }, () =>
            this.documents.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: [...pending] } })),
          );
          return (result.UnprocessedItems?.[this.tableName] ?? []) as WriteRequest[];
        },
        this.retry,
      );
      if (left.length > 0) {
        throw new AwsCallError(
          "DynamoDB",
          "BatchWriteItem",
          unprocessedError(left.length, this.retry.maxAttempts),
        );
      }
    }
  }

  /** The newest `limit` records of the target, newest first (Query, descending, following pages as needed). */
  async recent(targetId: string, limit: number): Promise<DecisionRecord[]> {
    const wanted = Math.max(0, Math.floor(limit));
    const records: DecisionRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    while (records.length < wanted) {
      const page = await callAws({ service: "DynamoDB", operation: "Query" }, () =>
        this.documents.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: "#targetId = :targetId",
            ExpressionAttributeNames: { "#targetId": HISTORY_TABLE.partitionKey },
            ExpressionAttributeValues: { ":targetId": targetId },
            ScanIndexForward: false,
            Limit: wanted - records.length,
            ExclusiveStartKey: startKey,
          }),
        ),
      );
      for (const item of page.Items ?? []) records.push(fromDecisionItem(item));
      startKey = page.LastEvaluatedKey;
      if (startKey === undefined) break;
    }
    return records;
  }
}
