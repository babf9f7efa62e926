/**
 * Captures every request a DynamoDB client sends, as the JSON on the wire (after serialization, before
 * signing), by SDK middleware: what the service receives, whatever the adapters' inputs looked like.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { MiddlewareHost } from "../../shared/aws/countAwsCalls";

export interface SentRequest {
  /** The SDK command, e.g. `PutItemCommand`. */
  readonly operation: string;
  readonly body: Record<string, unknown>;
}

/** Starts capturing `client`'s requests into the returned list. */
export function captureRequests(client: DynamoDBClient): SentRequest[] {
  const seen: SentRequest[] = [];
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const raw = (args.request as { body?: unknown }).body;
      const body = raw instanceof Uint8Array ? new TextDecoder().decode(raw) : raw;
      if (typeof body !== "string")
        throw new Error(`${context.commandName}: unexpected request body ${typeof raw}`);
      seen.push({
        operation: String(context.commandName),
        body: JSON.parse(body) as Record<string, unknown>,
      });
      return next(args);
    },
    { step: "build", name: "captureRequestsForTest", override: true },
  );
  return seen;
}

/**
 * The size DynamoDB bills an item at (AttributeValue JSON, as sent): attribute names in UTF-8 bytes plus
 * values: strings in UTF-8 bytes, numbers 1 byte per 2 significant digits plus 1, booleans and nulls 1,
 * maps and lists 3 plus 1 per element plus their elements. An approximation of the documented rules.
 */
export function itemSize(item: Record<string, unknown>): number {
  let size = 0;
  for (const [name, value] of Object.entries(item)) size += Buffer.byteLength(name) + valueSize(value);
  return size;
}

function valueSize(value: unknown): number {
  const v = value as Record<string, unknown>;
  if (typeof v.S === "string") return Buffer.byteLength(v.S);
  if (typeof v.N === "string") {
    const digits = v.N.replace(/[-+.]|e.*$/gi, "").replace(/^0+|0+$/g, "").length;
    return Math.ceil(Math.max(1, digits) / 2) + 1;
  }
  if (v.BOOL !== undefined || v.NULL !== undefined) return 1;
  if (v.M !== undefined) {
    const entries = Object.entries(v.M as Record<string, unknown>);
    return 3 + entries.reduce((n, [k, x]) => n + 1 + Buffer.byteLength(k) + valueSize(x), 0);
  }
  if (Array.isArray(v.L)) return 3 + (v.L as unknown[]).reduce<number>((n, x) => n + 1 + valueSize(x), 0);
  return JSON.stringify(value).length;
}

/** Wall time of a client's calls by operation (each call from send to answer, retries included). */
export type CallTimings = Map<string, { count: number; totalMs: number; maxMs: number }>;

/** Starts timing `client`'s calls into `timings`. */
export function timeCalls(client: MiddlewareHost, timings: CallTimings): void {
  client.middlewareStack.add(
    (next, context) => async (args: never) => {
      const start = performance.now();
      try {
        return await next(args);
      } finally {
        const ms = performance.now() - start;
        const key = `${String(context.clientName).replace(/Client$/, "")}:${String(context.commandName).replace(/Command$/, "")}`;
        const t = timings.get(key) ?? { count: 0, totalMs: 0, maxMs: 0 };
        timings.set(key, { count: t.count + 1, totalMs: t.totalMs + ms, maxMs: Math.max(t.maxMs, ms) });
      }
    },
    { step: "initialize", name: "timeCallsForTest", override: true },
  );
}
