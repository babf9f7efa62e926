import type { DriftlessError } from "../errors/DriftlessError";
import { type AwsCallSite, translateAwsError } from "./translateAwsError";

/**
 * Runs one SDK call and returns its result; a failure is rethrown translated by `translateAwsError`
 * (StateConflictError or AwsCallError), so adapters never leak raw SDK errors to the engine.
 */
export async function callAws<T>(site: AwsCallSite, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateAwsError(error, site) satisfies DriftlessError;
  }
}
