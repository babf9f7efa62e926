import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";

/**
 * The document client every driftless DynamoDB adapter uses over `client`: plain JS values in and out,
 * `undefined` attributes dropped (`removeUndefinedValues`). Numbers written must be JS numbers within the
 * safe-integer range (one outside it fails to marshal instead of silently losing digits). Numbers read are
 * always JS numbers: one JavaScript cannot hold exactly (DynamoDB keeps 38 digits, so `1E+100` or
 * `12345678901234567.5` typed in the console) reads as the nearest double instead of making the whole read
 * fail (the SDK's default throws, or returns a BigInt), so one hand-edited item cannot stop every round;
 * validation then refuses the value with its path.
 *
 * Beware: lib-dynamodb stores these options on `client.config`, which every document client built over the
 * same DynamoDBClient shares; build them all through this function so none overrides another's options.
 */
export function createDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: (value: string) => Number(value) },
  });
}
