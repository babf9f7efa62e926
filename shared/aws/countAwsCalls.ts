import type { AwsCallCounter } from "./AwsCallCounter";

/** The part of an SDK middleware context this module reads (set by every SDK v3 command). */
interface CommandContext {
  readonly clientName?: string;
  readonly commandName?: string;
}

type Handler = (args: never) => Promise<unknown>;

/** Any SDK v3 client (or DynamoDBDocumentClient, which shares its base client's middleware stack). */
export interface MiddlewareHost {
  readonly middlewareStack: {
    add(
      middleware: (next: Handler, context: CommandContext) => Handler,
      options: { step: "initialize"; name: string; override: boolean },
    ): void;
  };
}

/** Name of the middleware; attaching again replaces it, so one client never counts a call twice. */
const MIDDLEWARE_NAME = "driftlessCountAwsCalls";

/**
 * Makes `client` record every call it sends on `counter`, as `Service:Operation` with the SDK's names
 * minus their `Client`/`Command` suffixes (`DynamoDB:BatchGetItem`, `AutoScaling:SetDesiredCapacity`).
 * Counts logical calls, once per `send` (failed ones too), not the SDK's retry attempts: the number the
 * adapters' batching decides. Attach it to a DynamoDBClient and the document clients built over it are
 * counted too (they share its middleware stack), under the low-level operation names (`PutItem`).
 */
export function countAwsCalls(client: MiddlewareHost, counter: AwsCallCounter): void {
  client.middlewareStack.add(
    (next, context) => (args) => {
      counter.record(
        (context.clientName ?? "Unknown").replace(/Client$/, ""),
        (context.commandName ?? "Unknown").replace(/Command$/, ""),
      );
      return next(args);
    },
    // initialize runs once per send, before the retry loop (which lives in finalizeRequest).
    { step: "initialize", name: MIDDLEWARE_NAME, override: true },
  );
}
