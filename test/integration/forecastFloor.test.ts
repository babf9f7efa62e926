import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { DynamoForecastStore } from "../../shared/aws/DynamoForecastStore";
import { DEFAULT_TABLE_NAMES } from "../../shared/config/defaultTableNames";
import type { Forecast } from "../../shared/forecast/Forecast";
import { type AwsTestClients, createAwsClients } from "../support/awsClients";
import { resetEmulator } from "../support/resetEmulator";
import { driftlessCli } from "../support/runDriftless";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

async function driftless(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [driftlessCli, ...args], {
      cwd: root,
      env: process.env,
    });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** A Ray policy on `service` whose upscale delay (10 min) would keep a reactive scale-up waiting. */
const policy = (service: string, mode: string) => ({
  min_replicas: 1,
  max_replicas: 8,
  target_ongoing_requests: 10,
  upscale_delay_s: 600,
  downscale_delay_s: 600,
  target: { cluster: "gpu-inference", service },
  predictive: { mode, lead_time_s: 300 },
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
});

let aws: AwsTestClients;
let now: number;

beforeAll(async () => {
  await resetEmulator();
  aws = createAwsClients();
  await createExampleFleet(aws, { services: ["llm", "chat"], desired: 2 });
  expect((await driftless("local", "bootstrap")).code).toBe(0);
  const dir = mkdtempSync(join(tmpdir(), "driftless-forecast-"));
  for (const [service, mode] of [
    ["llm", "forecast_and_scale"],
    ["chat", "forecast_only"],
  ] as const) {
    const file = join(dir, `${service}.json`);
    writeFileSync(file, JSON.stringify(policy(service, mode)));
    expect((await driftless("policy", "put", service, "--file", file)).code).toBe(0);
  }
  now = Math.floor(Date.now() / 1000);
  // The forecast function's item: 60 ongoing requests expected over the next 48 h (6 replicas at 10 each).
  const madeAt = now - 120;
  const forecast: Forecast = {
    madeAt,
    startS: Math.floor(madeAt / 300) * 300,
    stepS: 300,
    values: Array.from({ length: 576 }, () => 60),
    recentRatio: 1,
    historyS: 3 * 86_400,
    timezone: "UTC",
  };
  const store = new DynamoForecastStore(aws.dynamodb, DEFAULT_TABLE_NAMES.state);
  await store.put("llm", forecast);
  await store.put("chat", forecast);
  // Today's load is light: 1 request per replica, which alone would keep 2 replicas (never lower at once).
  for (const service of ["llm", "chat"]) {
    await aws.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "Driftless/Inference",
        MetricData: Array.from({ length: 7 }, (_, i) => ({
          MetricName: "OngoingRequests",
          Dimensions: [{ Name: "Service", Value: service }],
          Timestamp: new Date((now - 60 + i * 10) * 1000),
          Value: 1,
          StorageResolution: 1,
        })),
      }),
    );
  }
}, 120_000);

afterAll(() => aws.destroy());

describe("the forecast floor on the emulator (stored forecast item, real tick round)", () => {
  it("forecast_and_scale raises to the forecast at once; forecast_only holds and both show the forecast", async () => {
    // act: one tick round, as the tick function runs it
    const tick = await driftless("tick", "--once");

    // assert: the floor decided llm's count, not the 10-minute upscale delay
    expect(tick.code).toBe(0);
    expect(tick.stdout).toMatch(/llm: 2 -> 6 \[ecs:llm=6\] scale up 2 -> 6: forecast needs 6 replicas at/);
    const described = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: "gpu-inference", services: ["llm", "chat"] }),
    );
    const desired = Object.fromEntries(
      (described.services ?? []).map((s) => [s.serviceName, s.desiredCount]),
    );
    expect(desired).toEqual({ llm: 6, chat: 2 });

    const status = await driftless("status");
    expect(status.stdout).toMatch(
      /llm:\n {2}reason: scale up 2 -> 6: forecast needs 6 replicas[^\n]*\n {2}forecast: 6 replicas at [^\n]*\(forecast_and_scale: a floor under the decision\)/,
    );
    expect(status.stdout).toMatch(
      /chat:\n {2}reason: hold at 2:[^\n]*\n {2}forecast: 6 replicas at [^\n]*\(forecast_only: not acted on\)/,
    );

    const explain = await driftless("explain", "chat");
    expect(explain.stdout).toMatch(/forecast: 6 replicas at [^\n]*\(forecast_only: not acted on\)/);
    expect(explain.stdout).toMatch(
      /forecast\s+-> 2\s+forecast needs 6 replicas at [^\n]*forecast_only: not acted on/,
    );
    const explainLlm = await driftless("explain", "llm");
    expect(explainLlm.stdout).toMatch(/2 -> 6 \(up\)\s+\[acted\]/);
    expect(explainLlm.stdout).toMatch(/forecast\s+-> 6\s+forecast needs 6 replicas/);
  }, 120_000);
});
