import { describe, expect, it } from "vitest";
import { describeCliError } from "../../cli/describeCliError";
import { AwsCallError } from "../../shared/errors/AwsCallError";
import { ConfigError } from "../../shared/errors/ConfigError";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import { PolicyValidationError } from "../../shared/errors/PolicyValidationError";

const named = (name: string, message = name, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(message), { name, ...extra });
const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5000"), { code: "ECONNREFUSED" });

describe("describeCliError: setup problems in one line that says what to do", () => {
  it.each([
    {
      name: "an emulator that is not running (raw SDK error, as bootstrap meets it)",
      error: refused,
      env: { AWS_ENDPOINT_URL: "http://127.0.0.1:5000" },
      message:
        "cannot reach AWS_ENDPOINT_URL http://127.0.0.1:5000 (ECONNREFUSED): start the emulator there (e.g. moto_server -H 127.0.0.1 -p 5000), or unset AWS_ENDPOINT_URL to use AWS",
      exitCode: 1,
    },
    {
      name: "the same wrapped by an adapter (AwsCallError with the SDK error as cause)",
      error: new AwsCallError("DynamoDB", "Scan", refused),
      env: { AWS_ENDPOINT_URL: "http://127.0.0.1:5000" },
      message: /^cannot reach AWS_ENDPOINT_URL http:\/\/127\.0\.0\.1:5000 \(ECONNREFUSED\)/,
      exitCode: 1,
    },
    {
      name: "no credentials",
      error: new AwsCallError(
        "DynamoDB",
        "Scan",
        named("CredentialsProviderError", "Could not load credentials from any providers"),
      ),
      env: { AWS_REGION: "us-east-1" },
      message: /^no AWS credentials found: set AWS_PROFILE .*aws sso login/,
      exitCode: 1,
    },
    {
      name: "expired credentials",
      error: new AwsCallError(
        "DynamoDB",
        "Scan",
        named("ExpiredTokenException", "The security token included in the request is expired"),
      ),
      env: { AWS_REGION: "us-east-1" },
      message: /^AWS refused the credentials \(ExpiredTokenException\): refresh them/,
      exitCode: 1,
    },
    {
      name: "tables not created",
      error: new AwsCallError(
        "DynamoDB",
        "Scan",
        named(
          "ResourceNotFoundException",
          "Requested resource not found: Table: driftless-policies not found",
        ),
      ),
      env: { AWS_ENDPOINT_URL: "http://127.0.0.1:5000" },
      message: /^a driftless table does not exist .*driftless local bootstrap/,
      exitCode: 1,
    },
    {
      name: "no region",
      error: new ConfigError(
        "driftless configuration is invalid; set these environment variables:\n  AWS_REGION: Invalid input",
      ),
      env: {},
      message: /^no AWS region: set AWS_REGION \(e\.g\. us-east-1\) or AWS_PROFILE/,
      exitCode: 2,
    },
  ])("$name", ({ error, env, message, exitCode }) => {
    const failure = describeCliError(error, env);
    expect(failure.exitCode).toBe(exitCode);
    expect(failure.message.split("\n")).toHaveLength(1);
    if (typeof message === "string") expect(failure.message).toBe(message);
    else expect(failure.message).toMatch(message);
  });

  it("keeps refusals whole with exit 2, other AWS failures with exit 1, and a bug's stack with exit 1", () => {
    const invalid = new PolicyValidationError([{ path: "$.a", message: "bad" }]);
    expect(describeCliError(invalid, {})).toEqual({ exitCode: 2, message: invalid.message });
    expect(describeCliError(new DriftlessError("no policy for target x"), {}).exitCode).toBe(2);
    expect(
      describeCliError(new AwsCallError("ECS", "UpdateService", named("ServerException")), {}).exitCode,
    ).toBe(1);
    const bug = new TypeError("x is undefined");
    expect(describeCliError(bug, {})).toEqual({ exitCode: 1, message: bug.stack });
  });
});
