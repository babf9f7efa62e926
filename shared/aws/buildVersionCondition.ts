/** A ConditionExpression with its placeholders, ready to spread into a Put/Delete input. */
export interface VersionCondition {
  readonly ConditionExpression: string;
  readonly ExpressionAttributeNames: Record<string, string>;
  readonly ExpressionAttributeValues?: Record<string, number>;
}

/**
 * The optimistic-concurrency condition on an item's `version`: `attribute_not_exists(version)` for
 * `expectedVersion` 0 (true when there is no item, or an item without a version, such as one an operator
 * created by hand, which readers report as version 0), else `version = expectedVersion`. Values go only
 * through placeholders. Throws RangeError for a version that is not a non-negative integer.
 */
export function buildVersionCondition(expectedVersion: number): VersionCondition {
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 0) {
    throw new RangeError(`expectedVersion must be a non-negative integer, got ${expectedVersion}`);
  }
  if (expectedVersion === 0) {
    return {
      ConditionExpression: "attribute_not_exists(#version)",
      ExpressionAttributeNames: { "#version": "version" },
    };
  }
  return {
    ConditionExpression: "#version = :expectedVersion",
    ExpressionAttributeNames: { "#version": "version" },
    ExpressionAttributeValues: { ":expectedVersion": expectedVersion },
  };
}
