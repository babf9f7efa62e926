/**
 * Error responses the fault proxy answers with instead of the emulator: each service's own error code for
 * throttling and server faults, rendered in the protocol the request used, so the SDK parses them into the
 * same exception (name, `$fault`, `$metadata.httpStatusCode`) and classifies them (throttling, transient)
 * as it would a real AWS answer.
 */
import { randomUUID } from "node:crypto";
import { crc32 } from "node:zlib";
import type { WireProtocol } from "./faultRequest";

/** One error as a service reports it. */
export interface ServiceError {
  status: number;
  /** Query-protocol code (`<Code>`, and `x-amzn-query-error` for query-compatible JSON services). */
  code: string;
  /** Shape name for the JSON and CBOR `__type`; the same as `code` except for query-compatible services. */
  shape: string;
  type: "Sender" | "Receiver";
  message: string;
}

/** A complete HTTP answer. */
export interface ErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

interface ServiceErrorTable {
  /** Smithy namespace for `__type` (what the service itself sends). */
  namespace: string;
  /** XML namespace of query-protocol error responses. */
  xmlns: string;
  /** JSON answers also carry `x-amzn-query-error` (CloudWatch speaks JSON with query error codes). */
  queryCompatible: boolean;
  throttle(operation: string): Omit<ServiceError, "status" | "type">;
  /** By status: 500 and 503. */
  server: Readonly<Record<500 | 503, Omit<ServiceError, "status" | "type">>>;
}

const RATE_EXCEEDED = "Rate exceeded";
const UNAVAILABLE = {
  code: "ServiceUnavailable",
  shape: "ServiceUnavailable",
  message: "Service unavailable",
};

/** DynamoDB data-plane operations answer throttling with ProvisionedThroughputExceededException. */
const DYNAMODB_DATA_PLANE = new Set([
  "GetItem",
  "PutItem",
  "UpdateItem",
  "DeleteItem",
  "Query",
  "Scan",
  "BatchGetItem",
  "BatchWriteItem",
  "TransactGetItems",
  "TransactWriteItems",
  "ExecuteStatement",
  "BatchExecuteStatement",
  "ExecuteTransaction",
]);

const TABLES: Readonly<Record<string, ServiceErrorTable>> = {
  dynamodb: {
    namespace: "com.amazonaws.dynamodb.v20120810",
    xmlns: "http://dynamodb.amazonaws.com/doc/2012-08-10/",
    queryCompatible: false,
    throttle: (operation) =>
      DYNAMODB_DATA_PLANE.has(operation)
        ? {
            code: "ProvisionedThroughputExceededException",
            shape: "ProvisionedThroughputExceededException",
            message:
              "The level of configured provisioned throughput for the table was exceeded. " +
              "Consider increasing your provisioning level with the UpdateTable API.",
          }
        : { code: "ThrottlingException", shape: "ThrottlingException", message: RATE_EXCEEDED },
    server: {
      500: { code: "InternalServerError", shape: "InternalServerError", message: "Internal server error" },
      503: UNAVAILABLE,
    },
  },
  ecs: {
    namespace: "com.amazonaws.ecs",
    xmlns: "http://ecs.amazonaws.com/doc/2014-11-13/",
    queryCompatible: false,
    throttle: () => ({ code: "ThrottlingException", shape: "ThrottlingException", message: RATE_EXCEEDED }),
    server: {
      500: { code: "ServerException", shape: "ServerException", message: "Service encountered an error" },
      503: UNAVAILABLE,
    },
  },
  monitoring: {
    namespace: "com.amazonaws.cloudwatch",
    xmlns: "http://monitoring.amazonaws.com/doc/2010-08-01/",
    queryCompatible: true,
    throttle: () => ({ code: "Throttling", shape: "ThrottlingException", message: RATE_EXCEEDED }),
    server: {
      500: { code: "InternalServiceError", shape: "InternalServiceFault", message: "Internal service error" },
      503: {
        code: "ServiceUnavailable",
        shape: "ServiceUnavailableException",
        message: "Service unavailable",
      },
    },
  },
  autoscaling: {
    namespace: "com.amazonaws.autoscaling",
    xmlns: "http://autoscaling.amazonaws.com/doc/2011-01-01/",
    queryCompatible: false,
    throttle: () => ({ code: "Throttling", shape: "Throttling", message: RATE_EXCEEDED }),
    server: {
      500: { code: "InternalFailure", shape: "InternalFailure", message: "Internal failure" },
      503: UNAVAILABLE,
    },
  },
  events: {
    namespace: "com.amazonaws.eventbridge",
    xmlns: "http://events.amazonaws.com/doc/2015-10-07",
    queryCompatible: false,
    throttle: () => ({ code: "ThrottlingException", shape: "ThrottlingException", message: RATE_EXCEEDED }),
    server: {
      500: { code: "InternalException", shape: "InternalException", message: "Internal exception" },
      503: UNAVAILABLE,
    },
  },
};

const FALLBACK: ServiceErrorTable = {
  namespace: "com.amazonaws.unknown",
  xmlns: "https://amazonaws.com/doc/",
  queryCompatible: false,
  throttle: () => ({ code: "ThrottlingException", shape: "ThrottlingException", message: RATE_EXCEEDED }),
  server: {
    500: { code: "InternalFailure", shape: "InternalFailure", message: "Internal failure" },
    503: UNAVAILABLE,
  },
};

/** The service's throttling error (HTTP 400); `code` overrides its code and shape (e.g. `ThrottlingException`). */
export function throttlingError(service: string, operation: string, code?: string): ServiceError {
  const error = (TABLES[service] ?? FALLBACK).throttle(operation);
  return { status: 400, type: "Sender", ...error, ...(code === undefined ? {} : { code, shape: code }) };
}

/** The service's own 500 or 503 error; `code` overrides its code and shape. */
export function serverError(service: string, status: 500 | 503, code?: string): ServiceError {
  const error = (TABLES[service] ?? FALLBACK).server[status];
  return { status, type: "Receiver", ...error, ...(code === undefined ? {} : { code, shape: code }) };
}

/** Renders `error` as `service` would answer a request made with `protocol`. */
export function renderError(protocol: WireProtocol, service: string, error: ServiceError): ErrorResponse {
  const table = TABLES[service] ?? FALLBACK;
  const requestId = randomUUID();
  const headers: Record<string, string> = { "x-amzn-RequestId": requestId };
  const queryError = `${error.code};${error.type}`;
  switch (protocol) {
    case "awsQuery":
    case "other": {
      // `other` (no AWS protocol recognised) gets the query XML shape too: it is the most generic one.
      const body = Buffer.from(
        `<ErrorResponse xmlns="${table.xmlns}"><Error><Type>${error.type}</Type><Code>${escapeXml(error.code)}</Code>` +
          `<Message>${escapeXml(error.message)}</Message></Error><RequestId>${requestId}</RequestId></ErrorResponse>`,
      );
      return { status: error.status, headers: { ...headers, "Content-Type": "text/xml" }, body };
    }
    case "rpcv2Cbor": {
      const body = encodeCborTextMap({ __type: `${table.namespace}#${error.shape}`, message: error.message });
      Object.assign(headers, { "Content-Type": "application/cbor", "smithy-protocol": "rpc-v2-cbor" });
      if (table.queryCompatible) headers["x-amzn-query-error"] = queryError;
      return { status: error.status, headers, body };
    }
    case "awsJson1_0":
    case "awsJson1_1": {
      const body = Buffer.from(
        JSON.stringify({ __type: `${table.namespace}#${error.shape}`, message: error.message }),
      );
      headers["Content-Type"] = `application/x-amz-json-${protocol === "awsJson1_0" ? "1.0" : "1.1"}`;
      if (table.queryCompatible) headers["x-amzn-query-error"] = queryError;
      // DynamoDB checksums every answer and the SDK verifies it when present.
      if (service === "dynamodb") headers["x-amz-crc32"] = String(crc32(body));
      return { status: error.status, headers, body };
    }
  }
}

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Minimal CBOR (RFC 8949): a definite-length map of text strings, all an RPC v2 error body needs. */
export function encodeCborTextMap(map: Readonly<Record<string, string>>): Buffer {
  const entries = Object.entries(map);
  const parts: Buffer[] = [cborHead(5, entries.length)];
  for (const [key, value] of entries) {
    for (const text of [key, value]) {
      const bytes = Buffer.from(text, "utf8");
      parts.push(cborHead(3, bytes.length), bytes);
    }
  }
  return Buffer.concat(parts);
}

function cborHead(major: number, length: number): Buffer {
  const type = major << 5;
  if (length < 24) return Buffer.from([type | length]);
  if (length < 0x100) return Buffer.from([type | 24, length]);
  if (length < 0x10000) return Buffer.from([type | 25, length >> 8, length & 0xff]);
  const head = Buffer.alloc(5);
  head[0] = type | 26;
  head.writeUInt32BE(length, 1);
  return head;
}
