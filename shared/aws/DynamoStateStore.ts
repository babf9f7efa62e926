import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  BatchGetCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  UpdateCommand,
} from "@aws-sdk/lib-dynamodb";
import type { StateStore } from "../engine/ports/StateStore";
import type { Settings, TargetState } from "../engine/ports/TargetState";
import { checkStateWrite } from "../engine/stateWriteRules";
import { AwsCallError } from "../errors/AwsCallError";
import { StateConflictError } from "../errors/StateConflictError";
import { type BatchRetryOptions, DEFAULT_BATCH_RETRY } from "./BatchRetryOptions";
import { BATCH_GET_MAX_KEYS, buildBatchGetInput } from "./buildBatchGetInput";
import { buildMarkActionAppliedInput } from "./buildMarkActionAppliedInput";
import { buildVersionCondition } from "./buildVersionCondition";
import { callAws } from "./callAws";
import { chunk } from "./chunk";
import { createDocumentClient } from "./createDocumentClient";
import { fromSettingsItem } from "./fromSettingsItem";
import { fromStateItem } from "./fromStateItem";
import { retryUnprocessed } from "./retryUnprocessed";
import { STATE_TABLE } from "./tableDefinitions";
import { toSettingsItem } from "./toSettingsItem";
import { toStateItem } from "./toStateItem";
import { unprocessedError } from "./unprocessedError";

const KEY = STATE_TABLE.partitionKey;

/**
 * StateStore over the state table (partition key targetId): one item per target (see toStateItem) plus the
 * settings item under STATE_TABLE.settingsKey, which is reserved (never read or written as a target).
 * Every read is strongly consistent; state writes are conditional on `version`.
 */
export class DynamoStateStore implements StateStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly retry: BatchRetryOptions;

  /** `retry` bounds the re-sends of UnprocessedKeys in getMany (default: DEFAULT_BATCH_RETRY). */
  constructor(client: DynamoDBClient, tableName: string, retry: BatchRetryOptions = DEFAULT_BATCH_RETRY) {
    this.documents = createDocumentClient(client);
    this.tableName = tableName;
    this.retry = retry;
  }

  /**
   * States of these targets (duplicates read once), by BatchGetItem in chunks of 100 sent one after the
   * other; UnprocessedKeys are re-sent with backoff, and an AwsCallError (errorName `Unprocessed`) is thrown
   * if some remain after `retry.maxAttempts` sends, rather than reporting those targets as never written.
   */
  async getMany(targetIds: readonly string[]): Promise<Map<string, TargetState>> {
    const unique = [...new Set(targetIds)].filter((id) => id !== STATE_TABLE.settingsKey);
    const states = new Map<string, TargetState>();
    for (const ids of chunk(unique, BATCH_GET_MAX_KEYS)) {
      const left = await retryUnprocessed(
        ids.map((id): Record<string, unknown> => ({ [KEY]: id })),
        async (keys) => {
          const result = await callAws({ service: "DynamoDB", operation: "BatchGetItem" }, () =>
            this.documents.send(new BatchGetCommand(buildBatchGetInput(this.tableName, keys))),
          );
          for (const item of result.Responses?.[this.tableName] ?? []) {
            const state = fromStateItem(item);
            states.set(state.targetId, state);
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
    return states;
  }

  /** The target's state (consistent read), or undefined when never written. */
  async get(targetId: string): Promise<TargetState | undefined> {
    if (targetId === STATE_TABLE.settingsKey) return undefined;
    const item = await this.getItem(targetId);
    return item === undefined ? undefined : fromStateItem(item);
  }

  /**
   * Writes `state` if the stored version is `expectedVersion` (0: no item yet), else StateConflictError.
   * Throws RangeError when state.version is not expectedVersion + 1 or the target id is the settings key.
   */
  async put(state: TargetState, expectedVersion: number): Promise<void> {
    checkStateWrite(state, expectedVersion);
    await callAws(
      { service: "DynamoDB", operation: "PutItem", itemKey: `${this.tableName}/${state.targetId}` },
      () =>
        this.documents.send(
          new PutCommand({
            TableName: this.tableName,
            Item: toStateItem(state),
            ...buildVersionCondition(expectedVersion),
          }),
        ),
    );
  }

  /**
   * Sets the stored action's appliedAt and error and bumps the version (one conditional UpdateItem), only if
   * the stored action is still `actionId` and unapplied; false when it is not (superseded, already marked,
   * or no item), true when marked.
   */
  async markActionApplied(
    targetId: string,
    actionId: string,
    appliedAt: number | null,
    error: string | null,
  ): Promise<boolean> {
    try {
      await callAws(
        { service: "DynamoDB", operation: "UpdateItem", itemKey: `${this.tableName}/${targetId}` },
        () =>
          this.documents.send(
            new UpdateCommand(
              buildMarkActionAppliedInput(this.tableName, targetId, actionId, appliedAt, error),
            ),
          ),
      );
      return true;
    } catch (failure) {
      if (failure instanceof StateConflictError) return false;
      throw failure;
    }
  }

  /** The global settings (consistent read); `{ killSwitch: false, ceilings: {} }` when never written. */
  async getSettings(): Promise<Settings> {
    return fromSettingsItem(await this.getItem(STATE_TABLE.settingsKey));
  }

  /** Replaces the settings item (last writer wins: settings are set by operators, not raced by evaluations). */
  async putSettings(settings: Settings): Promise<void> {
    await callAws({ service: "DynamoDB", operation: "PutItem" }, () =>
      this.documents.send(new PutCommand({ TableName: this.tableName, Item: toSettingsItem(settings) })),
    );
  }

  private async getItem(key: string): Promise<Record<string, unknown> | undefined> {
    const result = await callAws({ service: "DynamoDB", operation: "GetItem" }, () =>
      this.documents.send(
        new GetCommand({ TableName: this.tableName, Key: { [KEY]: key }, ConsistentRead: true }),
      ),
    );
    return result.Item;
  }
}
