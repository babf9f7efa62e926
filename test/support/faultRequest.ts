/**
 * Tells which AWS service and operation an HTTP request to the fault proxy is, from the wire alone: the
 * SigV4 credential scope for the service, and the protocol's own operation marker (X-Amz-Target for the
 * JSON protocols, the URL path for Smithy RPC v2 CBOR, `Action=` for the query protocol).
 */

/** The wire protocol of a request, from its Content-Type, headers and path. */
export type WireProtocol = "awsJson1_0" | "awsJson1_1" | "rpcv2Cbor" | "awsQuery" | "other";

/** What the fault proxy knows about one request. */
export interface RequestIdentity {
  /** Normalized service name: `dynamodb`, `ecs`, `monitoring`, `autoscaling`, `events`, ... or `unknown`. */
  service: string;
  /** Operation name as the API spells it (`PutItem`, `UpdateService`), or `METHOD /path` for non-AWS calls. */
  operation: string;
  protocol: WireProtocol;
  /** Region from the SigV4 credential scope, when the request is signed. */
  region: string | undefined;
}

/** The parts of a request `identifyRequest` reads. Header names are matched case-insensitively. */
export interface RequestParts {
  method: string;
  /** Path and query string, as in `IncomingMessage.url`. */
  url: string;
  headers: Readonly<Record<string, string | readonly string[] | undefined>>;
  body: Uint8Array | string;
}

/** Service names as they appear in credential scopes and SDK names, mapped to one spelling each. */
const SERVICE_ALIASES: Readonly<Record<string, string>> = {
  cloudwatch: "monitoring",
  monitoring: "monitoring",
  eventbridge: "events",
  events: "events",
  "auto-scaling": "autoscaling",
  autoscaling: "autoscaling",
  dynamodb: "dynamodb",
  ecs: "ecs",
};

/** JSON and CBOR service targets (the part of X-Amz-Target before the dot) of the services driftless uses. */
const SERVICE_BY_TARGET: Readonly<Record<string, string>> = {
  DynamoDB_20120810: "dynamodb",
  AmazonEC2ContainerServiceV20141113: "ecs",
  GraniteServiceVersion20100801: "monitoring",
  AWSEvents: "events",
  AutoScaling_2011_01_01: "autoscaling",
};

const CBOR_PATH = /^\/service\/([^/]+)\/operation\/([^/?]+)/;
const CREDENTIAL_SCOPE = /Credential=[^/,\s]+\/\d{8}\/([^/,\s]+)\/([^/,\s]+)\/aws4_request/;

/** Lower-cases a service name and maps its aliases (`cloudwatch` -> `monitoring`); `*` and globs pass. */
export function normalizeService(name: string): string {
  const lower = name.toLowerCase();
  return SERVICE_ALIASES[lower] ?? lower;
}

/** Identifies a request's service, operation and protocol; never throws (unknown parts say `unknown`). */
export function identifyRequest(request: RequestParts): RequestIdentity {
  const contentType = (header(request.headers, "content-type") ?? "").toLowerCase();
  const target = header(request.headers, "x-amz-target");
  const scope = CREDENTIAL_SCOPE.exec(header(request.headers, "authorization") ?? "");
  const region = scope?.[1];
  const scopeService = scope?.[2] === undefined ? undefined : normalizeService(scope[2]);
  const [pathname = "/", query = ""] = request.url.split("?", 2);

  const cbor = CBOR_PATH.exec(pathname);
  if (cbor?.[1] !== undefined && cbor[2] !== undefined) {
    return {
      service: scopeService ?? SERVICE_BY_TARGET[cbor[1]] ?? "unknown",
      operation: decodeURIComponent(cbor[2]),
      protocol: "rpcv2Cbor",
      region,
    };
  }
  if (target !== undefined) {
    const dot = target.lastIndexOf(".");
    const prefix = dot < 0 ? "" : target.slice(0, dot);
    return {
      service: scopeService ?? SERVICE_BY_TARGET[prefix] ?? "unknown",
      operation: target.slice(dot + 1),
      protocol: contentType.includes("x-amz-json-1.1") ? "awsJson1_1" : "awsJson1_0",
      region,
    };
  }
  const action = queryAction(contentType, query, request.body);
  if (action !== undefined) {
    return { service: scopeService ?? "unknown", operation: action, protocol: "awsQuery", region };
  }
  return {
    service: scopeService ?? "unknown",
    operation: `${request.method} ${pathname}`,
    protocol: "other",
    region,
  };
}

/** `Action` of a query-protocol request: from a form-encoded body, else from the query string. */
function queryAction(contentType: string, query: string, body: Uint8Array | string): string | undefined {
  if (contentType.startsWith("application/x-www-form-urlencoded")) {
    const text = typeof body === "string" ? body : Buffer.from(body).toString("utf8");
    const action = new URLSearchParams(text).get("Action");
    if (action) return action;
  }
  return new URLSearchParams(query).get("Action") ?? undefined;
}

function header(headers: RequestParts["headers"], name: string): string | undefined {
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== name || value === undefined) continue;
    return typeof value === "string" ? value : value.join(", ");
  }
  return undefined;
}
