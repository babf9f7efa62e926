import { afterAll, beforeAll, beforeEach, describe } from "vitest";
import { DynamoStateStore } from "../../../shared/aws/DynamoStateStore";
import { stateStoreContract } from "../../contract/stateStoreContract";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";
import { createStateTable, TABLES } from "./createTables";

let aws: AwsTestClients;
let store: DynamoStateStore;

beforeAll(() => {
  aws = createAwsClients();
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  await createStateTable(aws.dynamodb);
  store = new DynamoStateStore(aws.dynamodb, TABLES.state);
});

describe("StateStore contract: DynamoStateStore on the emulator", () => {
  stateStoreContract(() => store);
});
