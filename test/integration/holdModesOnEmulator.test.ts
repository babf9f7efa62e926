/**
 * Shadow mode, partial pause, pause-wins and runnable-only policies through the real `driftless`
 * command on the emulator: what ECS ends up with, and what status, policy list and explain say.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { DEFAULT_TABLE_NAMES } from "../../shared/config/defaultTableNames";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { type AwsTestClients, createAwsClients } from "../support/awsClients";
import { resetEmulator } from "../support/resetEmulator";
import { operatorEnv, runDriftless } from "../support/runDriftless";

// Every step is a real CLI process.
vi.setConfig({ testTimeout: 120_000 });

let aws: AwsTestClients;
let dir: string;
let env: NodeJS.ProcessEnv;
const driftless = (...args: string[]) => runDriftless(args, env);

/** A policy for `service` that acts at once in both directions (no delays), 1 to 4 replicas. */
const policy = (service: string, extra: Record<string, unknown> = {}) => ({
  min_replicas: 1,
  max_replicas: 4,
  target_ongoing_requests: 10,
  upscale_delay_s: 0,
  downscale_delay_s: 0,
  target: { cluster: "gpu-inference", service },
  load: {
    metrics: [
      {
        namespace: "Driftless/Inference",
        name: "OngoingRequests",
        dimensions: { Service: service },
        per: "replica",
      },
    ],
  },
  ...extra,
});

function file(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content, null, 2));
  return path;
}

/** `perReplica` ongoing requests per replica on `service` over the last 60 s. */
async function load(service: string, perReplica: number): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  await aws.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: "Driftless/Inference",
      MetricData: [0, 10, 20, 30, 40, 50, 60].map((back) => ({
        MetricName: "OngoingRequests",
        Dimensions: [{ Name: "Service", Value: service }],
        Timestamp: new Date((now - back) * 1000),
        Value: perReplica,
        StorageResolution: 1,
      })),
    }),
  );
}

async function ecsDesired(service: string): Promise<number | undefined> {
  const out = await aws.ecs.send(
    new DescribeServicesCommand({ cluster: "gpu-inference", services: [service] }),
  );
  return out.services?.[0]?.desiredCount;
}

beforeAll(() => {
  aws = createAwsClients();
  dir = mkdtempSync(join(tmpdir(), "driftless-holds-"));
  env = operatorEnv(dir);
});

beforeEach(async () => {
  await resetEmulator();
  await bootstrapTables(aws.dynamodb, DEFAULT_TABLE_NAMES);
  await createExampleFleet(aws, { services: ["llm", "hot"], desired: 2 });
});

afterAll(() => aws.destroy());

describe("runnable policies only", () => {
  it("policy put and validate refuse a Ray-only body, naming target and load in one error; decide takes it", async () => {
    const ray = file("ray.json", { min_replicas: 1, max_replicas: 4 });
    for (const args of [
      ["policy", "validate", "-f", ray],
      ["policy", "put", "llm", "-f", ray],
    ]) {
      const refused = await driftless(...args);
      expect(refused.code).toBe(2);
      expect(refused.stderr).toMatch(/invalid \(2 problems\)/);
      expect(refused.stderr).toContain("$.target: missing: a stored policy needs target");
      expect(refused.stderr).toContain("$.load: missing: a stored policy needs load");
    }
    expect((await driftless("policy", "get", "llm")).code).toBe(2);
    // The same kind of body (examples/decide-burst.json is Ray-only) is what decide replays.
    expect((await driftless("decide", "-i", "examples/decide-burst.json")).code).toBe(0);
  });
});

describe("shadow mode", () => {
  it("decides and records as if live but leaves ECS alone; going live applies the decided target", async () => {
    await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm", { shadow: true })));
    await load("llm", 20);
    const tick = await driftless("tick", "--once");
    expect(tick.code).toBe(0);
    expect(await ecsDesired("llm")).toBe(2);
    const status = await driftless("status", "llm");
    expect(status.stdout).toMatch(/llm\s+v1\s+yes\s+4\s+2\s+2/);
    expect(status.stdout).toContain("reason: scale up 2 -> 4: ");
    expect(status.stdout).toContain("[shadow: would set 4, service has 2]");
    expect(status.stdout).toContain(
      "  shadow: would set 4, service has 2 (nothing is called on ECS or Auto Scaling)",
    );
    expect((await driftless("explain", "llm")).stdout).toMatch(/2 -> 4 \(up\)\s+\[shadow: not acted on\]/);
    expect((await driftless("policy", "list")).stdout).toMatch(
      /llm\s+v1\s+valid\s+shadow\s+\S+\s+\S+\s+synced v1/,
    );

    await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm")));
    await driftless("tick", "--once");
    expect(await ecsDesired("llm")).toBe(4);
    const live = await driftless("status", "llm");
    expect(live.stdout).toContain(
      "(shadow mode ended: applying the decided target 4; ECS desired count was 2)",
    );
    expect(live.stdout).not.toMatch(/outside|shadow:/);
  });
});

describe("partial pause", () => {
  it("policy pause --scale-in holds scale-downs and lets scale-ups go on", async () => {
    for (const service of ["llm", "hot"]) {
      await driftless("policy", "put", service, "-f", file(`${service}.json`, policy(service)));
      expect((await driftless("policy", "pause", service, "--scale-in")).stdout).toMatch(
        new RegExp(`paused scale_in of ${service} \\(v2\\)`),
      );
    }
    await load("llm", 1);
    await load("hot", 20);
    await driftless("tick", "--once");
    expect(await ecsDesired("llm")).toBe(2);
    expect(await ecsDesired("hot")).toBe(4);
    const status = await driftless("status");
    expect(status.stdout).toContain("reason: hold at 2: paused scale_in: holding at 2 (1 wanted: ");
    expect(status.stdout).toContain("  paused scale_in: scale-downs are held, scale-ups go on");
    expect(status.stdout).toContain("reason: scale up 2 -> 4: ");
    expect((await driftless("policy", "list")).stdout).toMatch(
      /llm\s+v2\s+valid\s+scale_in\s+\S+\s+\S+\s+synced v2/,
    );

    const both = await driftless("policy", "pause", "llm", "--scale-in", "--scale-out");
    expect(both.code).toBe(2);
    expect((await driftless("policy", "resume", "llm")).stdout).toMatch(/resumed llm \(v3\)/);
    await driftless("tick", "--once");
    expect(await ecsDesired("llm")).toBe(1);
  });
});

describe("pause always wins", () => {
  it("an invalid item with paused true holds the last known-good policy, and status says so", async () => {
    await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm")));
    // Written around the CLI (as the console would): a typo, and a pause.
    await aws.documents.send(
      new PutCommand({
        TableName: DEFAULT_TABLE_NAMES.policies,
        Item: {
          ...policy("llm"),
          max_replica: 3,
          paused: true,
          targetId: "llm",
          version: 2,
          updatedBy: "console",
          updatedAt: "2026-12-01T00:00:00.000Z",
        },
      }),
    );
    await load("llm", 20);
    const tick = await driftless("tick", "--once");
    expect(tick.stdout).toMatch(/llm: .*hold at 2: paused: deciding nothing/);
    expect(await ecsDesired("llm")).toBe(2);
    const status = await driftless("status", "llm");
    expect(status.stdout).toContain(
      "policy v2 is INVALID; running last known-good v1 with this item's paused: true (a pause always wins):",
    );
    expect(status.stdout).toContain("  paused: deciding nothing and acting on nothing");
    expect((await driftless("policy", "list")).stdout).toMatch(
      /llm\s+v2\s+INVALID\s+paused\s+console\s+\S+\s+last known-good v1 with paused: true of v2/,
    );
  });
});
