import { BatchWriteCommand, GetCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import type { BatchRetryOptions } from "../../../shared/aws/BatchRetryOptions";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { DynamoStateStore } from "../../../shared/aws/DynamoStateStore";
import { AwsCallError } from "../../../shared/errors/AwsCallError";
import { StateConflictError } from "../../../shared/errors/StateConflictError";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";
import { fullState, initialState } from "../../unit/aws/fixtures";
import { createStateTable, TABLES } from "./createTables";
import { injectUnprocessed } from "./injectUnprocessed";

let aws: AwsTestClients;
let calls: AwsCallCounter;
let sleeps: number[];
let store: DynamoStateStore;

/** Retries that record their waits instead of waiting. */
const retry: BatchRetryOptions = {
  maxAttempts: 3,
  baseDelayMs: 50,
  maxDelayMs: 800,
  sleep: async (ms) => {
    sleeps.push(ms);
  },
};

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.dynamodb, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  await createStateTable(aws.dynamodb);
  store = new DynamoStateStore(aws.dynamodb, TABLES.state, retry);
  calls.reset();
  sleeps = [];
});

/** Awaits `promise` and returns what it rejected with; fails the test if it resolved. */
async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

// What every StateStore must do is in DynamoStateStore.contract.test.ts; these are DynamoDB's own concerns.
describe("DynamoStateStore", () => {
  it("round-trips a full state exactly, as native maps with nulls and the trace as a JSON string", async () => {
    // arrange
    const state = fullState({ version: 1 });

    // act
    await store.put(state, 0);
    const read = await store.get(state.targetId);
    const raw = await aws.documents.send(
      new GetCommand({ TableName: TABLES.state, Key: { targetId: "llm-a" } }),
    );

    // assert
    expect(read).toEqual(state);
    expect(raw.Item?.policyState).toMatchObject({ lastScaleDownAt: null, lastScaleUpAt: 0.1 + 0.2 });
    expect(raw.Item?.action).toMatchObject({ appliedAt: null, error: null });
    expect(typeof raw.Item?.lastDecision?.trace).toBe("string");
    expect(JSON.parse(raw.Item?.lastDecision?.trace)).toEqual(state.lastDecision?.trace);
  });

  it("round-trips extreme but valid numbers exactly (exponents, 17 significant digits, the largest safe integer)", async () => {
    // arrange
    const base = fullState({ version: 1 });
    const state = fullState({
      version: 1,
      policyState: {
        ...base.policyState,
        counter: 1e-7,
        ts: Number.MAX_SAFE_INTEGER,
        floor: -1 / 7e9, // 17 significant digits
        lastScaleUpAt: 123_456_789.123_456_79,
        lastScaleDownAt: 1.5e-100,
      },
    });

    // act
    await store.put(state, 0);

    // assert
    expect((await store.get(state.targetId))?.policyState).toEqual(state.policyState);
  });

  it("refuses numbers that would not read back as the same number (unsafe integers, NaN) before writing", async () => {
    // arrange
    const huge = fullState({ version: 1, target: 1e25 });
    const nan = fullState({ version: 1, target: Number.NaN });

    // act
    const errors = [await rejection(store.put(huge, 0)), await rejection(store.put(nan, 0))];

    // assert: the document client refuses to marshal them, so nothing reaches the table
    for (const error of errors) expect(error).toBeInstanceOf(AwsCallError);
    expect(await store.get(huge.targetId)).toBeUndefined();
  });

  it("lets only the writer holding the stored version win (StateConflictError)", async () => {
    // arrange
    await store.put(initialState("t1", 1), 0);

    // act
    await store.put({ ...initialState("t1", 2), target: 3 }, 1);
    const stale = await rejection(store.put({ ...initialState("t1", 2), target: 5 }, 1));
    const again = await rejection(store.put(initialState("t1", 1), 0));

    // assert
    expect(stale).toBeInstanceOf(StateConflictError);
    expect((stale as StateConflictError).itemKey).toBe(`${TABLES.state}/t1`);
    expect(again).toBeInstanceOf(StateConflictError);
    expect(await store.get("t1")).toMatchObject({ version: 2, target: 3 });
  });

  it("reads 250 targets in 3 BatchGetItem calls; never-written and repeated ids are handled", async () => {
    // arrange: every other target written
    const ids = Array.from({ length: 250 }, (_, i) => `target-${i}`);
    const written = ids
      .filter((_, i) => i % 2 === 0)
      .map((id) => ({ PutRequest: { Item: { ...initialState(id) } } }));
    for (let i = 0; i < written.length; i += 25) {
      await aws.documents.send(
        new BatchWriteCommand({ RequestItems: { [TABLES.state]: written.slice(i, i + 25) } }),
      );
    }
    calls.reset();

    // act
    const states = await store.getMany([...ids, "target-0", "target-2"]);

    // assert
    expect(calls.snapshot()).toEqual({ "DynamoDB:BatchGetItem": 3 });
    expect(states.size).toBe(125);
    expect(states.get("target-0")).toEqual(initialState("target-0"));
    expect(states.has("target-1")).toBe(false);
  });

  it("re-sends UnprocessedKeys with backoff until every key is read", async () => {
    // arrange: the first two calls leave all but 3 keys unprocessed
    for (const id of ["a", "b", "c", "d", "e", "f", "g"]) await store.put(initialState(id), 0);
    const remove = injectUnprocessed(aws.dynamodb, { times: 2, keep: 3 });
    calls.reset();

    // act
    const states = await store.getMany(["a", "b", "c", "d", "e", "f", "g"]);
    remove();

    // assert: 7 keys -> 3 read, 4 left -> 3 read, 1 left -> 1 read
    expect([...states.keys()].sort()).toEqual(["a", "b", "c", "d", "e", "f", "g"]);
    expect(calls.snapshot()).toEqual({ "DynamoDB:BatchGetItem": 3 });
    expect(sleeps).toEqual([50, 100]);
  });

  it("gives up after maxAttempts sends with an AwsCallError named Unprocessed", async () => {
    // arrange
    for (const id of ["a", "b"]) await store.put(initialState(id), 0);
    const remove = injectUnprocessed(aws.dynamodb, { times: 10, keep: 0 });

    // act
    const error = await rejection(store.getMany(["a", "b"]));
    remove();

    // assert
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ service: "DynamoDB", operation: "BatchGetItem", errorName: "Unprocessed" });
    expect(sleeps).toEqual([50, 100]);
  });
});
