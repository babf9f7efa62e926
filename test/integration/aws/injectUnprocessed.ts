/**
 * Fault injection for the batch retry paths: moto never returns UnprocessedKeys/UnprocessedItems (AWS does
 * under throttling), so this middleware takes a real emulator response and moves part of it into the
 * unprocessed list, as DynamoDB would have. The request itself still goes over HTTP to the emulator.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";

type Output = {
  Responses?: Record<string, unknown[]>;
  UnprocessedKeys?: Record<string, { Keys?: Record<string, unknown>[]; ConsistentRead?: boolean }>;
  UnprocessedItems?: Record<string, unknown[]>;
};
type Input = {
  RequestItems?: Record<string, { Keys?: Record<string, unknown>[] } | unknown[]>;
};

/**
 * For the next `times` BatchGetItem/BatchWriteItem calls on `client`: a BatchGetItem answers only its first
 * `keep` keys (the rest come back as UnprocessedKeys, not read); a BatchWriteItem writes only its first
 * `keep` requests (the rest come back as UnprocessedItems, not sent). Returns a function that removes it.
 */
export function injectUnprocessed(
  client: DynamoDBClient,
  options: { times: number; keep: number },
): () => void {
  let left = options.times;
  const name = "testInjectUnprocessed";
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const operation = context.commandName;
      if (left <= 0 || (operation !== "BatchGetItemCommand" && operation !== "BatchWriteItemCommand")) {
        return next(args);
      }
      left -= 1;
      // Keys and write requests are only sliced, so their form (document or marshalled) does not matter.
      const input = args.input as Input;
      const [table, request] = Object.entries(input.RequestItems ?? {})[0] ?? [];
      if (table === undefined || request === undefined) return next(args);
      if (operation === "BatchGetItemCommand") {
        const get = request as { Keys?: Record<string, unknown>[] };
        const keys = get.Keys ?? [];
        const sent = {
          ...args,
          input: { ...input, RequestItems: { [table]: { ...get, Keys: keys.slice(0, options.keep) } } },
        };
        const result = await next(sent);
        const output = result.output as Output;
        if (keys.length > options.keep) {
          output.UnprocessedKeys = { [table]: { ...get, Keys: keys.slice(options.keep) } };
        }
        return result;
      }
      const writes = request as unknown[];
      const sent = { ...args, input: { ...input, RequestItems: { [table]: writes.slice(0, options.keep) } } };
      const result = await next(sent);
      if (writes.length > options.keep)
        (result.output as Output).UnprocessedItems = { [table]: writes.slice(options.keep) };
      return result;
    },
    { step: "initialize", name, override: true },
  );
  return () => client.middlewareStack.remove(name);
}
