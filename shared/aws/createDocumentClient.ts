import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * The document client every driftless DynamoDB adapter uses over `client`: plain JS values in and out,
 * `undefined` attributes dropped (`removeUndefinedValues`), numbers as JS numbers (a number outside the
 * safe-integer range fails to marshal instead of silently losing digits).
 *
 * Beware: lib-dynamodb stores these options on `client.config`, which every document client built over the
 * same DynamoDBClient shares; build them all through this function so none overrides another's options.
 */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
