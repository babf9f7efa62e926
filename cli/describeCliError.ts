import { DriftlessError } from "../shared/errors/DriftlessError";
import { PolicyValidationError } from "../shared/errors/PolicyValidationError";
import { isLocalEndpoint } from "./localEndpoint";

/** How the CLI ends on an error: what it prints on stderr and its exit status. */
export interface CliFailure {
  readonly message: string;
  readonly exitCode: number;
}

const UNREACHABLE = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ECONNRESET",
  "EHOSTUNREACH",
  "ETIMEDOUT",
]);
const REJECTED_CREDENTIALS = new Set([
  "UnrecognizedClientException",
  "InvalidClientTokenId",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidSignatureException",
  "SignatureDoesNotMatch",
]);

type Env = Readonly<Record<string, string | undefined>>;

/**
 * Turns an error that ended a command into what an operator reads: one line that says what to do
 * for the setup problems everyone meets (emulator not running, no credentials, credentials refused,
 * tables not created); refusals (invalid input, conflicts, configuration) as their message with
 * exit 2; anything else is a bug: its stack, exit 1.
 */
export function describeCliError(error: unknown, env: Env): CliFailure {
  const chain = causeChain(error);
  const endpoint = env.AWS_ENDPOINT_URL;
  const code = chain.map((e) => e.code).find((c) => c !== undefined && UNREACHABLE.has(c));
  if (code || chain.some((e) => e.name === "TimeoutError")) {
    const why = code ?? "timed out";
    return {
      exitCode: 1,
      message: endpoint
        ? `cannot reach AWS_ENDPOINT_URL ${endpoint} (${why}): start the emulator there${isLocalEndpoint(endpoint) ? ` (e.g. moto_server -H 127.0.0.1 -p ${new URL(endpoint).port || "5000"})` : ""}, or unset AWS_ENDPOINT_URL to use AWS`
        : `cannot reach AWS (${why}): check the network and AWS_REGION (${env.AWS_REGION ?? "unset"})`,
    };
  }
  if (chain.some((e) => e.name === "CredentialsProviderError")) {
    return {
      exitCode: 1,
      message:
        "no AWS credentials found: set AWS_PROFILE to a configured profile (aws configure, or aws sso login --profile NAME), " +
        "or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY; for a local emulator set AWS_ENDPOINT_URL=http://127.0.0.1:5000",
    };
  }
  const refused = chain.find((e) => e.name !== undefined && REJECTED_CREDENTIALS.has(e.name));
  if (refused) {
    return {
      exitCode: 1,
      message: `AWS refused the credentials (${refused.name}): refresh them (aws sso login, or new keys) or set AWS_PROFILE to another profile`,
    };
  }
  const missingTable = chain.find(
    (e) => e.name === "ResourceNotFoundException" && /table/i.test(e.message ?? ""),
  );
  if (missingTable) {
    return {
      exitCode: 1,
      message: `a driftless table does not exist (${missingTable.message}): on an emulator run driftless local bootstrap; on AWS set DRIFTLESS_POLICY_TABLE, DRIFTLESS_STATE_TABLE and DRIFTLESS_HISTORY_TABLE to the stack's outputs`,
    };
  }
  if (error instanceof DriftlessError && error.name === "ConfigError" && !env.AWS_REGION) {
    // The region is the one setting everyone meets; the other variables' problems follow it.
    const others = error.message.split("\n").filter((line) => /^\s+(?!AWS_REGION:)\S+:/.test(line));
    const head =
      "no AWS region: set AWS_REGION (e.g. us-east-1) or AWS_PROFILE to a profile with a region; for a local emulator set AWS_ENDPOINT_URL=http://127.0.0.1:5000";
    return { exitCode: 2, message: [head, ...others].join("\n") };
  }
  if (error instanceof DriftlessError) {
    const refusal = error instanceof PolicyValidationError || error.name !== "AwsCallError";
    return { exitCode: refusal ? 2 : 1, message: error.message };
  }
  return { exitCode: 1, message: (error as Error)?.stack ?? String(error) };
}

interface ErrorLike {
  readonly name?: string;
  readonly code?: string;
  readonly message?: string;
}

/** The error and its causes (`cause`, and AggregateError's `errors`), outermost first, at most 10 deep. */
function causeChain(error: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const queue: unknown[] = [error];
  while (queue.length > 0 && out.length < 10) {
    const e = queue.shift();
    if (typeof e !== "object" || e === null) continue;
    out.push(e as ErrorLike);
    const { cause, errors } = e as { cause?: unknown; errors?: unknown };
    if (cause !== undefined) queue.push(cause);
    if (Array.isArray(errors)) queue.push(...errors);
  }
  return out;
}
