import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { DynamoStateStore } from "../../../shared/aws/DynamoStateStore";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";
import { initialState } from "../../unit/aws/fixtures";
import { createStateTable, TABLES } from "./createTables";

let aws: AwsTestClients;

beforeAll(() => {
  aws = createAwsClients();
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  await createStateTable(aws.dynamodb);
});

describe("countAwsCalls", () => {
  it("counts each send by service and operation, document-client and failed calls included", async () => {
    // arrange
    const counter = new AwsCallCounter();
    const ecs = new ECSClient({ maxAttempts: 1 });
    countAwsCalls(aws.dynamodb, counter);
    countAwsCalls(ecs, counter);
    const store = new DynamoStateStore(aws.dynamodb, TABLES.state);

    // act
    await store.put(initialState("t1"), 0);
    await store.get("t1");
    await store.getMany(["t1", "t2"]);
    await store.getSettings();
    await ecs
      .send(new DescribeServicesCommand({ cluster: "missing", services: ["s"] }))
      .catch(() => undefined);
    ecs.destroy();

    // assert
    expect(counter.snapshot()).toEqual({
      "DynamoDB:BatchGetItem": 1,
      "DynamoDB:GetItem": 2,
      "DynamoDB:PutItem": 1,
      "ECS:DescribeServices": 1,
    });
    expect(counter.total()).toBe(5);
  });

  it("attaching twice to one client still counts each call once; reset starts over", async () => {
    // arrange
    const counter = new AwsCallCounter();
    countAwsCalls(aws.dynamodb, counter);
    countAwsCalls(aws.dynamodb, counter);
    const store = new DynamoStateStore(aws.dynamodb, TABLES.state);

    // act
    await store.get("t1");
    const once = counter.total();
    counter.reset();
    await store.get("t1");
    await store.get("t1");

    // assert
    expect(once).toBe(1);
    expect(counter.snapshot()).toEqual({ "DynamoDB:GetItem": 2 });
  });
});
