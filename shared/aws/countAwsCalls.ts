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

/** One call as the counting middleware sees it, before it is sent. */
export interface ObservedAwsCall {
  /** The SDK's client name minus `Client`, e.g. `ECS`, `DynamoDB`, `AutoScaling`. */
  readonly service: string;
  /** The SDK's command name minus `Command`, e.g. `UpdateService`. */
  readonly operation: string;
  /** The command's input (for a document client, the low-level operation's input). */
  readonly input: unknown;
}

/**
 * Sees each counted call synchronously, before it is sent (so `new Error().stack` there is the caller's).
 * It must not throw and cannot delay the call. For the integration suite's IAM proof only.
 */
export type AwsCallObserver = (call: ObservedAwsCall) => void;

let observer: AwsCallObserver | undefined;

/**
 * Installs `next` as the process-wide observer of every counted call (`undefined` removes it). Nothing
 * in the functions installs one: the integration suite does, to record each call a function makes.
 */
export function observeAwsCalls(next: AwsCallObserver | undefined): void {
  observer = next;
}

/** Name of the middleware; attaching again replaces it, so one client never counts a call twice. */
const MIDDLEWARE_NAME = "driftlessCountAwsCalls";

/**
 * Makes `client` record every call it sends on `counter`, as `Service:Operation` with the SDK's names
 * minus their `Client`/`Command` suffixes (`DynamoDB:BatchGetItem`, `AutoScaling:SetDesiredCapacity`).
 * Counts logical calls, once per `send` (failed ones too), not the SDK's retry attempts: the number the
 * adapters' batching decides. Attach it to a DynamoDBClient and the document clients built over it are
 * counted too (they share its middleware stack), under the low-level operation names (`PutItem`).
 * Each call is also shown to the observer `observeAwsCalls` installed, if any.
 */
export function countAwsCalls(client: MiddlewareHost, counter: AwsCallCounter): void {
  client.middlewareStack.add(
    (next, context) => (args) => {
      const service = (context.clientName ?? "Unknown").replace(/Client$/, "");
      const operation = (context.commandName ?? "Unknown").replace(/Command$/, "");
      counter.record(service, operation);
      observer?.({ service, operation, input: (args as { input?: unknown }).input });
      return next(args);
    },
    // initialize runs once per send, before the retry loop (which lives in finalizeRequest).
    { step: "initialize", name: MIDDLEWARE_NAME, override: true },
  );
}
