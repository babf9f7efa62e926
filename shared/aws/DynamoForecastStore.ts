import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { BatchGetCommand, type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import type { ForecastStore } from "../engine/ports/ForecastStore";
import { AwsCallError } from "../errors/AwsCallError";
import type { Forecast } from "../forecast/Forecast";
import { type BatchRetryOptions, DEFAULT_BATCH_RETRY } from "./BatchRetryOptions";
import { BATCH_GET_MAX_KEYS, buildBatchGetInput } from "./buildBatchGetInput";
import { callAws } from "./callAws";
import { chunk } from "./chunk";
import { createDocumentClient } from "./createDocumentClient";
import { forecastItemKey, fromForecastItem, toForecastItem } from "./forecastItem";
import { retryUnprocessed } from "./retryUnprocessed";
import { STATE_TABLE } from "./tableDefinitions";
import { unprocessedError } from "./unprocessedError";

const KEY = STATE_TABLE.partitionKey;

/**
 * ForecastStore over the state table: one item per target under `forecast <targetId>` (see forecastItem).
 * 48 h of 5-minute loads is 576 numbers, a few KB, far below DynamoDB's 400 KB item limit.
 */
export class DynamoForecastStore implements ForecastStore {
  private readonly documents: DynamoDBDocumentClient;

  constructor(
    client: DynamoDBClient,
    private readonly tableName: string,
    private readonly retry: BatchRetryOptions = DEFAULT_BATCH_RETRY,
  ) {
    this.documents = createDocumentClient(client);
  }

  /** The target's forecast (consistent read), undefined when none is stored or the item is unreadable. */
  async get(targetId: string): Promise<Forecast | undefined> {
    const result = await callAws({ service: "DynamoDB", operation: "GetItem" }, () =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [KEY]: forecastItemKey(targetId) },
          ConsistentRead: true,
        }),
      ),
    );
    const read = fromForecastItem(result.Item);
    return read?.targetId === targetId ? read.forecast : undefined;
  }

  /**
   * Forecasts of these targets by BatchGetItem in chunks of 100; UnprocessedKeys are re-sent with backoff and
   * an AwsCallError is thrown if some remain after `retry.maxAttempts` sends.
   */
  async getMany(targetIds: readonly string[]): Promise<Map<string, Forecast>> {
    const wanted = new Set(targetIds);
    const forecasts = new Map<string, Forecast>();
    for (const ids of chunk([...wanted], BATCH_GET_MAX_KEYS)) {
      const left = await retryUnprocessed(
        ids.map((id): Record<string, unknown> => ({ [KEY]: forecastItemKey(id) })),
        async (keys) => {
          const result = await callAws({ service: "DynamoDB", operation: "BatchGetItem" }, () =>
            this.documents.send(new BatchGetCommand(buildBatchGetInput(this.tableName, keys))),
          );
          for (const item of result.Responses?.[this.tableName] ?? []) {
            const read = fromForecastItem(item);
            if (read !== undefined && wanted.has(read.targetId)) forecasts.set(read.targetId, read.forecast);
          }
          return result.UnprocessedKeys?.[this.tableName]?.Keys ?? [];
        },
        this.retry,
      );
      if (left.length > 0) {
        throw new AwsCallError(
          "DynamoDB",
          "BatchGetItem",
          unprocessedError(left.length, this.retry.maxAttempts),
        );
      }
    }
    return forecasts;
  }

  /** Replaces the target's forecast item. */
  async put(targetId: string, forecast: Forecast): Promise<void> {
    await callAws(
      {
        service: "DynamoDB",
        operation: "PutItem",
        itemKey: `${this.tableName}/${forecastItemKey(targetId)}`,
      },
      () =>
        this.documents.send(
          new PutCommand({ TableName: this.tableName, Item: toForecastItem(targetId, forecast) }),
        ),
    );
  }
}
