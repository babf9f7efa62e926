import { AwsCallError } from "../errors/AwsCallError";
import { DriftlessError } from "../errors/DriftlessError";
import { StateConflictError } from "../errors/StateConflictError";

/** Where an AWS call was made: named by the error it fails with. */
export interface AwsCallSite {
  /** Service as the counter names it: `DynamoDB`, `CloudWatch`, `ECS`, `AutoScaling`. */
  readonly service: string;
  /** API operation: `PutItem`, `GetMetricData`, ... */
  readonly operation: string;
  /** For conditional writes: the item the condition was on (`table/key`), named by StateConflictError. */
  readonly itemKey?: string;
}

/** SDK error names that mean a conditional write lost to another writer. */
const CONFLICT_NAMES: ReadonlySet<string> = new Set(["ConditionalCheckFailedException"]);

/**
 * Maps an error thrown by an SDK call to driftless's errors, by its `name`:
 * ConditionalCheckFailedException (and a TransactionCanceledException whose reasons include
 * ConditionalCheckFailed) → StateConflictError; anything else → AwsCallError naming the service and
 * operation: throttling and 5xx after the SDK's retries, 4xx, network errors, and responses the SDK cannot
 * parse (moto answers some bad requests with an HTML 500 that surfaces as "XML parse error", named `Error`).
 * A DriftlessError passes through unchanged. Never throws.
 */
export function translateAwsError(error: unknown, site: AwsCallSite): DriftlessError {
  if (error instanceof DriftlessError) return error;
  const name = (error as { name?: unknown } | null | undefined)?.name;
  if (typeof name === "string" && (CONFLICT_NAMES.has(name) || isConditionalCancellation(error, name))) {
    return new StateConflictError(site.itemKey ?? `${site.service} ${site.operation}`, { cause: error });
  }
  return new AwsCallError(site.service, site.operation, error);
}

function isConditionalCancellation(error: unknown, name: string): boolean {
  if (name !== "TransactionCanceledException") return false;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.some((reason) => reason.Code === "ConditionalCheckFailed");
}
