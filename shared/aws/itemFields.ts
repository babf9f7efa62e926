/**
 * Tolerant readers for attributes of items read back from DynamoDB. Items may predate a field or have been
 * edited by hand in the console, so a reader returns the fallback for a missing or mistyped value instead
 * of throwing: one odd item must not stop the autoscaler.
 */

/** `value` as a plain object, or undefined. */
export function asRecord(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

/** `value` if it is a finite number, else `fallback`. */
export function numberOr<F>(value: unknown, fallback: F): number | F {
  return typeof value === "number" && Number.isFinite(value) ? value : fallback;
}

/** `value` if it is a string, else `fallback`. */
export function stringOr<F>(value: unknown, fallback: F): string | F {
  return typeof value === "string" ? value : fallback;
}

/** `value` if it is a boolean, else `fallback`. */
export function booleanOr<F>(value: unknown, fallback: F): boolean | F {
  return typeof value === "boolean" ? value : fallback;
}

/** `value` if it is a non-negative safe integer (a version), else 0. */
export function versionOf(value: unknown): number {
  return typeof value === "number" && Number.isSafeInteger(value) && value >= 0 ? value : 0;
}
