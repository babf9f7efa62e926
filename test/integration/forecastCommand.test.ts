import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DynamoForecastStore } from "../../shared/aws/DynamoForecastStore";
import { DynamoPolicyStore } from "../../shared/aws/DynamoPolicyStore";
import { DEFAULT_TABLE_NAMES } from "../../shared/config/defaultTableNames";
import { forecastLoad } from "../../shared/forecast/forecastLoad";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { type AwsTestClients, createAwsClients } from "../support/awsClients";
import { resetEmulator } from "../support/resetEmulator";
import { driftlessCli } from "../support/runDriftless";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");
const DAY = 86_400;

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

let aws: AwsTestClients;
const now = Math.floor(Date.now() / 1000);
/** 14 ongoing requests for the hour starting 3 h from now each day, 4 otherwise. */
const burstStart = Math.floor((now + 3 * 3600) / 3600) * 3600;
const load = (t: number) => ((((t - burstStart) % DAY) + DAY) % DAY < 3600 ? 14 : 4);

beforeAll(async () => {
  await resetEmulator();
  aws = createAwsClients();
  await bootstrapTables(aws.dynamodb, DEFAULT_TABLE_NAMES);
  const policies = new DynamoPolicyStore(aws.dynamodb, DEFAULT_TABLE_NAMES.policies);
  const body = (mode: string) => ({
    max_replicas: 8,
    target_ongoing_requests: 5,
    target: { cluster: "gpu", service: "llm", cold_start_s: 60 },
    predictive: { mode },
  });
  const meta = { updatedBy: "test", updatedAt: new Date().toISOString() };
  await policies.put({ targetId: "llm", body: body("forecast_and_scale"), ...meta }, 0);
  await policies.put({ targetId: "young", body: body("forecast_only"), ...meta }, 0);
  const history = [];
  for (let t = now - 3 * DAY; t < now; t += 60) history.push({ t, v: load(t) });
  const forecast = forecastLoad({ history, now })!;
  await new DynamoForecastStore(aws.dynamodb, DEFAULT_TABLE_NAMES.state).put("llm", forecast);
});
afterAll(() => aws.destroy());

describe("driftless forecast on the emulator", () => {
  it("shows the next 24 h of the stored forecast: time, peak load and the replicas it needs", async () => {
    const result = await driftless("forecast", "llm");
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^forecast of llm: mode forecast_and_scale, made \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(lines[1]).toContain("now + 60 s needs");
    const rows = lines.slice(4).map((l) => l.split(/\s{2,}/));
    expect(rows).toHaveLength(48);
    const busy = rows.filter((r) => r[1] === "14.0");
    expect(busy).toHaveLength(2); // two half-hour rows of the burst hour
    expect(busy.every((r) => r[2] === "3" && r[3] === "#".repeat(30))).toBe(true);
    expect(rows.filter((r) => r[1] === "4.0" && r[2] === "1")).toHaveLength(46);
  });

  it("prints the stored forecast as JSON", async () => {
    const result = await driftless("forecast", "llm", "--json");
    const parsed = JSON.parse(result.stdout);
    expect(parsed.predictive).toEqual({
      mode: "forecast_and_scale",
      historyDays: 14,
      leadTimeS: 60,
      warmLeadTimeS: 60,
      timezone: "UTC",
    });
    expect(parsed.forecast.values).toHaveLength(576);
  });

  it("says why there is no forecast yet, and refuses a target without a policy", async () => {
    const young = await driftless("forecast", "young");
    expect(young.code).toBe(0);
    expect(young.stdout).toContain("no forecast yet");
    const missing = await driftless("forecast", "nobody");
    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain('no policy for target "nobody"');
  });
});
