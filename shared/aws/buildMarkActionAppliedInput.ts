import type { UpdateCommandInput } from "@aws-sdk/lib-dynamodb";
import { STATE_TABLE } from "./tableDefinitions";

/**
 * The UpdateItem input (document client) that sets `action.appliedAt` and `action.error` of `targetId`'s
 * state item and bumps its version, only if the stored action is still `actionId` and not yet applied
 * (appliedAt absent or NULL), and drops the action's `decidedBy` (only an unapplied action needs its maker
 * named, and the item stays as small as before makers were named). Everything else, updatedAt included, is
 * left as it is. All values, the action id among them, go through placeholders.
 */
export function buildMarkActionAppliedInput(
  tableName: string,
  targetId: string,
  actionId: string,
  appliedAt: number | null,
  error: string | null,
): UpdateCommandInput {
  return {
    TableName: tableName,
    Key: { [STATE_TABLE.partitionKey]: targetId },
    UpdateExpression:
      "SET #action.#appliedAt = :appliedAt, #action.#error = :error, #version = #version + :one REMOVE #action.#decidedBy",
    ConditionExpression:
      "#action.#id = :actionId AND (attribute_not_exists(#action.#appliedAt) OR attribute_type(#action.#appliedAt, :null))",
    ExpressionAttributeNames: {
      "#action": "action",
      "#id": "id",
      "#appliedAt": "appliedAt",
      "#error": "error",
      "#decidedBy": "decidedBy",
      "#version": "version",
    },
    ExpressionAttributeValues: {
      ":appliedAt": appliedAt,
      ":error": error,
      ":one": 1,
      ":actionId": actionId,
      ":null": "NULL",
    },
  };
}
