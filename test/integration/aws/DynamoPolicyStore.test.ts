import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { DynamoPolicyStore } from "../../../shared/aws/DynamoPolicyStore";
import { StateConflictError } from "../../../shared/errors/StateConflictError";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";
import { createPolicyTable, TABLES } from "./createTables";

let aws: AwsTestClients;
let calls: AwsCallCounter;
let store: DynamoPolicyStore;

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.dynamodb, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  await createPolicyTable(aws.dynamodb);
  store = new DynamoPolicyStore(aws.dynamodb, TABLES.policies);
  calls.reset();
});

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}

const body = { min_replicas: 1, max_replicas: 4, target_ongoing_requests: 2.5, load: { metrics: [] } };
const edit = { targetId: "llm-a", updatedBy: "alice", updatedAt: "2026-01-01T00:00:00.000Z", body };

describe("DynamoPolicyStore", () => {
  it("stores a flat item (policy fields at the top level) and reads the body back without metadata", async () => {
    // act
    const written = await store.put(edit, 0);
    const raw = await aws.documents.send(
      new GetCommand({ TableName: TABLES.policies, Key: { targetId: "llm-a" } }),
    );
    const read = await store.get("llm-a");

    // assert
    expect(raw.Item).toEqual({
      ...body,
      targetId: "llm-a",
      version: 1,
      updatedBy: "alice",
      updatedAt: edit.updatedAt,
    });
    expect(written).toEqual({ ...edit, version: 1 });
    expect(read).toEqual({ ...edit, version: 1 });
    expect(await store.get("nobody")).toBeUndefined();
  });

  it("makes edits conditional on the version: 0 only creates, n only replaces version n", async () => {
    // arrange
    await store.put(edit, 0);

    // act
    const create = await rejection(store.put(edit, 0));
    const stale = await rejection(store.put(edit, 2));
    const next = await store.put({ ...edit, body: { ...body, max_replicas: 6 } }, 1);

    // assert
    expect(create).toBeInstanceOf(StateConflictError);
    expect(stale).toBeInstanceOf(StateConflictError);
    expect(next.version).toBe(2);
    expect((await store.get("llm-a"))?.body.max_replicas).toBe(6);
  });

  it("writes nothing for an edit that changes no policy field (any key order): same version, editor and time", async () => {
    // arrange
    const first = await store.put(edit, 0);

    // act
    const reordered = Object.fromEntries(Object.entries(body).reverse());
    const again = await store.put(
      { ...edit, updatedBy: "bob", updatedAt: "2026-02-02T00:00:00.000Z", body: reordered },
      1,
    );
    const stale = await rejection(store.put({ ...edit, body: reordered }, 2));

    // assert
    expect(again).toEqual(first);
    expect(await store.get("llm-a")).toEqual(first);
    // Only an edit on the version read is a no-op: a stale one still conflicts.
    expect(stale).toBeInstanceOf(StateConflictError);
  });

  it("deletes only the version it was given", async () => {
    // arrange
    await store.put(edit, 0);

    // act
    const stale = await rejection(store.delete("llm-a", 2));
    await store.delete("llm-a", 1);

    // assert
    expect(stale).toBeInstanceOf(StateConflictError);
    expect(await store.get("llm-a")).toBeUndefined();
  });

  it("keeps operator input out of expressions: expression syntax in ids and field names is stored verbatim", async () => {
    // arrange
    const targetId = 'x" OR attribute_exists(version) #version :expectedVersion';
    const tricky = { "#version": 99, ":expectedVersion": "7", "a.b": { "c[0]": 1 }, "version ": "padded" };

    // act
    await store.put({ ...edit, targetId, body: tricky }, 0);
    const conflict = await rejection(store.put({ ...edit, targetId, body: tricky }, 0));
    const read = await store.get(targetId);

    // assert
    expect(conflict).toBeInstanceOf(StateConflictError);
    expect(read).toMatchObject({ targetId, version: 1, body: tricky });
  });

  it("reads a hand-made item without bookkeeping as version 0, which a write expecting 0 replaces", async () => {
    // arrange: an operator created the item in the console
    await aws.documents.send(
      new PutCommand({ TableName: TABLES.policies, Item: { targetId: "hand", max_replicas: 2 } }),
    );

    // act
    const read = await store.get("hand");
    const written = await store.put({ ...edit, targetId: "hand" }, 0);

    // assert
    expect(read).toEqual({
      targetId: "hand",
      version: 0,
      updatedBy: "",
      updatedAt: "",
      body: { max_replicas: 2 },
    });
    expect(written.version).toBe(1);
  });

  it("lists every item across Scan pages (DynamoDB pages at 1 MB)", async () => {
    // arrange: 4 items of ~380 KB make the Scan return at least 2 pages
    const padding = "x".repeat(380_000);
    for (const id of ["p1", "p2", "p3", "p4"])
      await store.put({ ...edit, targetId: id, body: { padding } }, 0);
    calls.reset();

    // act
    const listed = await store.list();

    // assert
    expect(listed.map((r) => r.targetId).sort()).toEqual(["p1", "p2", "p3", "p4"]);
    expect(calls.snapshot()["DynamoDB:Scan"]).toBeGreaterThan(1);
  });
});
