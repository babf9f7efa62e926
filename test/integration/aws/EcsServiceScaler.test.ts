import {
  CreateClusterCommand,
  CreateServiceCommand,
  ECSClient,
  RegisterTaskDefinitionCommand,
} from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";
import { countAwsCalls } from "../../../shared/aws/countAwsCalls";
import { EcsServiceScaler } from "../../../shared/aws/EcsServiceScaler";
import { AwsCallError } from "../../../shared/errors/AwsCallError";
import { type AwsTestClients, createAwsClients } from "../../support/awsClients";
import { resetEmulator } from "../../support/resetEmulator";

let aws: AwsTestClients;
let calls: AwsCallCounter;
let scaler: EcsServiceScaler;

beforeAll(() => {
  aws = createAwsClients();
  calls = new AwsCallCounter();
  countAwsCalls(aws.ecs, calls);
});
afterAll(() => aws.destroy());
beforeEach(async () => {
  await resetEmulator();
  calls.reset();
  scaler = new EcsServiceScaler(aws.ecs);
});

/** A cluster `gpu` with services llm-0 .. llm-(count-1), desired 2 each. */
async function createServices(count: number): Promise<void> {
  await aws.ecs.send(new CreateClusterCommand({ clusterName: "gpu" }));
  await aws.ecs.send(
    new RegisterTaskDefinitionCommand({
      family: "llm",
      requiresCompatibilities: ["EC2"],
      containerDefinitions: [{ name: "model", image: "vllm/vllm-openai", memory: 16_384 }],
    }),
  );
  for (let i = 0; i < count; i++) {
    await aws.ecs.send(
      new CreateServiceCommand({
        cluster: "gpu",
        serviceName: `llm-${i}`,
        taskDefinition: "llm",
        desiredCount: 2,
      }),
    );
  }
  calls.reset();
}

describe("EcsServiceScaler", () => {
  it("describes 25 services in 3 calls of at most 10; missing services are absent", async () => {
    // arrange: 3 services exist, the batches are counted by the names asked for
    await createServices(3);
    const names = [...Array.from({ length: 22 }, (_, i) => `gone-${i}`), "llm-0", "llm-1", "llm-2", "llm-2"];

    // act
    const counts = await scaler.describe("gpu", names);

    // assert
    expect(calls.snapshot()).toEqual({ "ECS:DescribeServices": 3 });
    expect([...counts.keys()].sort()).toEqual(["llm-0", "llm-1", "llm-2"]);
    expect(counts.get("llm-2")).toEqual({ desired: 2, running: 0, pending: 2 }); // moto: all pending at first
    expect(counts.has("gone-1")).toBe(false);
  });

  it("keys counts by ARN when asked by ARN", async () => {
    // arrange
    await createServices(1);
    const arn = "arn:aws:ecs:us-east-1:123456789012:service/gpu/llm-0";

    // act
    const counts = await scaler.describe("gpu", [arn]);

    // assert
    expect([...counts.keys()]).toEqual([arn]);
  });

  it("sets only the desired count", async () => {
    // arrange
    await createServices(1);

    // act
    await scaler.setDesired("gpu", "llm-0", 5);
    const counts = await scaler.describe("gpu", ["llm-0"]);

    // assert
    expect(counts.get("llm-0")?.desired).toBe(5);
    expect(calls.snapshot()).toEqual({ "ECS:DescribeServices": 1, "ECS:UpdateService": 1 });
  });

  it("makes no call for no services, and fails UpdateService on a missing service with an AwsCallError", async () => {
    // arrange
    await createServices(0);
    const client = new ECSClient({ maxAttempts: 1 });

    // act
    const none = await scaler.describe("gpu", []);
    const error = await new EcsServiceScaler(client).setDesired("gpu", "missing", 1).catch((e: unknown) => e);
    client.destroy();

    // assert
    expect(none.size).toBe(0);
    expect(calls.total()).toBe(0);
    expect(error).toBeInstanceOf(AwsCallError);
    expect(error).toMatchObject({ service: "ECS", operation: "UpdateService" });
  });
});
