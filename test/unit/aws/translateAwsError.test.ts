import { describe, expect, it } from "vitest";
import { translateAwsError } from "../../../shared/aws/translateAwsError";
import { AwsCallError } from "../../../shared/errors/AwsCallError";
import { DriftlessError } from "../../../shared/errors/DriftlessError";
import { StateConflictError } from "../../../shared/errors/StateConflictError";

/** An error shaped like the SDK's: a name, a message and $metadata. */
function sdkError(name: string, message: string, httpStatusCode?: number, extra: object = {}): Error {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode }, ...extra });
}

const site = { service: "DynamoDB", operation: "PutItem", itemKey: "state/t1" };

describe("translateAwsError", () => {
  it("turns ConditionalCheckFailedException into a StateConflictError about the item, keeping the cause", () => {
    // arrange
    const cause = sdkError("ConditionalCheckFailedException", "The conditional request failed", 400);

    // act
    const error = translateAwsError(cause, site);

    // assert
    expect(error).toBeInstanceOf(StateConflictError);
    expect((error as StateConflictError).itemKey).toBe("state/t1");
    expect(error.cause).toBe(cause);
  });

  it("turns a transaction cancelled by a failed condition into a StateConflictError", () => {
    // arrange
    const cause = sdkError("TransactionCanceledException", "cancelled", 400, {
      CancellationReasons: [{ Code: "ConditionalCheckFailed" }, { Code: "None" }],
    });

    // act / assert
    expect(translateAwsError(cause, site)).toBeInstanceOf(StateConflictError);
  });

  it.each([
    { name: "ThrottlingException", status: 400, message: "Rate exceeded" },
    { name: "ProvisionedThroughputExceededException", status: 400, message: "throughput" },
    { name: "InternalServerError", status: 500, message: "internal" },
    { name: "ServiceUnavailable", status: 503, message: "unavailable" },
    // moto's HTML 500 bodies: the SDK cannot parse them and throws a plain Error
    { name: "Error", status: 500, message: "@aws-sdk XML parse error: mismatched tags <html> and </title>." },
    { name: "ResourceNotFoundException", status: 400, message: "Requested resource not found" },
    { name: "TransactionCanceledException", status: 400, message: "other reasons" },
  ])(
    "turns $name ($status) into an AwsCallError naming the service and operation",
    ({ name, status, message }) => {
      // act
      const error = translateAwsError(sdkError(name, message, status), site);

      // assert
      expect(error).toBeInstanceOf(AwsCallError);
      expect(error).toMatchObject({ service: "DynamoDB", operation: "PutItem", errorName: name });
      expect(error.message).toBe(`DynamoDB PutItem failed (${name}): ${message}`);
    },
  );

  it("passes a DriftlessError through and wraps non-errors", () => {
    // arrange
    const own = new DriftlessError("already translated");

    // act / assert
    expect(translateAwsError(own, site)).toBe(own);
    expect(translateAwsError("boom", site)).toMatchObject({
      errorName: "Error",
      message: "DynamoDB PutItem failed (Error): boom",
    });
    expect(translateAwsError(undefined, site)).toBeInstanceOf(AwsCallError);
  });

  it("names the call when a conflict has no item key", () => {
    // act
    const error = translateAwsError(sdkError("ConditionalCheckFailedException", "x"), {
      service: "DynamoDB",
      operation: "DeleteItem",
    });

    // assert
    expect((error as StateConflictError).itemKey).toBe("DynamoDB DeleteItem");
  });
});
