import type { BatchGetCommandInput } from "@aws-sdk/lib-dynamodb";

/** DynamoDB's limit of keys per BatchGetItem call. */
export const BATCH_GET_MAX_KEYS = 100;

/**
 * The document-client BatchGetItem input reading `keys` (at most BATCH_GET_MAX_KEYS, no duplicates: DynamoDB
 * rejects both) from one table with strongly consistent reads.
 */
export function buildBatchGetInput(
  tableName: string,
  keys: readonly Record<string, unknown>[],
): BatchGetCommandInput {
  return { RequestItems: { [tableName]: { Keys: [...keys], ConsistentRead: true } } };
}
