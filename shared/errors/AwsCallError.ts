import { DriftlessError } from "./DriftlessError";

/** An AWS call failed after the SDK's own retries; carries the service, operation and SDK error name. */
export class AwsCallError extends DriftlessError {
  readonly service: string;
  readonly operation: string;
  readonly errorName: string;

  constructor(service: string, operation: string, cause: unknown) {
    const errorName = (cause as { name?: string } | undefined)?.name ?? "Error";
    const message = (cause as { message?: string } | undefined)?.message ?? String(cause);
    super(`${service} ${operation} failed (${errorName}): ${message}`, { cause });
    this.name = "AwsCallError";
    this.service = service;
    this.operation = operation;
    this.errorName = errorName;
  }
}
