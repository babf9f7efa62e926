import { GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { DynamoForecastStore } from "../../../shared/aws/DynamoForecastStore";
import { DynamoStateStore } from "../../../shared/aws/DynamoStateStore";
import type { Forecast } from "../../../shared/forecast/Forecast";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";
import { initialState } from "../../unit/aws/fixtures";
import { createStateTable, TABLES } from "./createTables";

let aws: AwsTestClients;
let store: DynamoForecastStore;

const forecast = (madeAt: number): Forecast => ({
  madeAt,
  startS: madeAt - (madeAt % 300),
  stepS: 300,
  values: Array.from({ length: 576 }, (_, i) => (i % 288 === 174 ? 20.125 : 2)),
  recentRatio: 1.25,
  historyS: 3 * 86_400,
  timezone: "America/New_York",
});

beforeAll(() => {
  aws = createAwsClients();
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  await createStateTable(aws.dynamodb);
  store = new DynamoForecastStore(aws.dynamodb, TABLES.state);
});

describe("DynamoForecastStore", () => {
  it("stores 48 h of 5-minute forecast as one state-table item and reads it back exactly", async () => {
    await store.put("llm", forecast(1_800_000_000));
    expect(await store.get("llm")).toEqual(forecast(1_800_000_000));
    const raw = await aws.documents.send(
      new GetCommand({ TableName: TABLES.state, Key: { targetId: "forecast llm" } }),
    );
    expect(raw.Item).toMatchObject({ forecastOf: "llm", stepS: 300 });
    expect(JSON.stringify(raw.Item).length).toBeLessThan(400_000);
  });

  it("replaces the older forecast and never touches the target's state item", async () => {
    const states = new DynamoStateStore(aws.dynamodb, TABLES.state);
    const state = initialState("llm");
    await states.put(state, 0);
    await store.put("llm", forecast(1_800_000_000));
    await store.put("llm", forecast(1_800_003_600));
    expect((await store.get("llm"))?.madeAt).toBe(1_800_003_600);
    expect(await states.get("llm")).toEqual(state);
    expect(await store.get("other")).toBeUndefined();
  });

  it("reads many targets at once, leaving out those without a forecast and unreadable items", async () => {
    await store.put("a", forecast(1_800_000_000));
    await store.put("b", forecast(1_800_000_300));
    await aws.documents.send(
      new PutCommand({
        TableName: TABLES.state,
        Item: { targetId: "forecast c", forecastOf: "c", stepS: 0 },
      }),
    );
    const many = await store.getMany(["a", "b", "c", "d", "a"]);
    expect([...many.keys()].sort()).toEqual(["a", "b"]);
    expect(many.get("b")?.madeAt).toBe(1_800_000_300);
    expect(await store.get("c")).toBeUndefined();
  });
});
