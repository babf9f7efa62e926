/**
 * `status`, `policy list` and `explain` agree (issue 12), through the real `driftless` command on the
 * emulator, after real ticks: a target scaled up by a schedule window, one held by the kill switch, and one
 * whose stored edit is invalid while its last known-good version runs.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { DEFAULT_TABLE_NAMES } from "../../shared/config/defaultTableNames";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { type AwsTestClients, createAwsClients } from "../support/awsClients";
import { resetEmulator } from "../support/resetEmulator";
import { operatorEnv, runDriftless } from "../support/runDriftless";

// Every step is a real CLI process (about 1.5 s each on these machines).
vi.setConfig({ testTimeout: 90_000 });

let aws: AwsTestClients;
let dir: string;
let env: NodeJS.ProcessEnv;
const driftless = (...args: string[]) => runDriftless(args, env);

const policy = (extra: Record<string, unknown> = {}) => ({
  min_replicas: 1,
  max_replicas: 6,
  target_ongoing_requests: 10,
  upscale_delay_s: 0,
  target: { cluster: "gpu-inference", service: "llm" },
  load: {
    metrics: [
      {
        namespace: "Driftless/Inference",
        name: "OngoingRequests",
        dimensions: { Service: "llm" },
        per: "replica",
      },
    ],
  },
  ...extra,
});

async function putPolicy(body: Record<string, unknown>): Promise<void> {
  const path = join(dir, "llm.json");
  writeFileSync(path, JSON.stringify(body));
  expect((await driftless("policy", "put", "llm", "-f", path)).code).toBe(0);
}

/** Ongoing requests per replica of service llm over the last 30 s. */
async function publishLoad(perReplica: number): Promise<void> {
  const now = Math.floor(Date.now() / 1000);
  await aws.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: "Driftless/Inference",
      MetricData: [0, 10, 20, 30].map((back) => ({
        MetricName: "OngoingRequests",
        Dimensions: [{ Name: "Service", Value: "llm" }],
        Timestamp: new Date((now - back) * 1000),
        Value: perReplica,
        StorageResolution: 1,
      })),
    }),
  );
}

/** What the three commands say about target llm, parsed from their plain output. */
async function views() {
  const status = (await driftless("status", "llm")).stdout;
  const list = (await driftless("policy", "list")).stdout;
  const explain = (await driftless("explain", "llm", "-n", "1")).stdout;
  const row = status.split("\n").find((l) => l.startsWith("llm "))!;
  const [, version, valid, target, desired] = row.trim().split(/\s+/);
  const listRow = list.split("\n").find((l) => l.startsWith("llm "))!;
  const [, listVersion, validity] = listRow.trim().split(/\s+/);
  const head = explain.split("\n")[0]!;
  return {
    status: { text: status, version, valid, target, desired, reason: reasonOf(status) },
    list: { text: listRow, version: listVersion, validity },
    explain: {
      text: explain,
      head,
      reason: reasonOf(explain),
      change: /(\d+) -> (\d+) \((\w+)\)/.exec(head),
    },
  };
}

const reasonOf = (text: string) => /^ {2}reason: (.*)$/m.exec(text)?.[1];

/** The agreements every scenario keeps: one version and validity, one last decision, one target. */
function expectAgreement(v: Awaited<ReturnType<typeof views>>): void {
  expect(v.status.reason, v.status.text).toBeDefined();
  expect(v.status.version, v.list.text).toBe(v.list.version);
  expect(v.status.valid === "yes", `${v.status.text}\n${v.list.text}`).toBe(v.list.validity === "valid");
  expect(v.status.reason, `${v.status.text}\n${v.explain.text}`).toBe(v.explain.reason);
  expect(v.explain.change?.[2], v.explain.head).toBe(v.status.target);
}

beforeAll(() => {
  aws = createAwsClients();
  dir = mkdtempSync(join(tmpdir(), "driftless-agree-"));
  env = operatorEnv(dir);
});

beforeEach(async () => {
  await resetEmulator();
  await bootstrapTables(aws.dynamodb, DEFAULT_TABLE_NAMES);
  await createExampleFleet(aws, { services: ["llm"], desired: 2 });
});

afterAll(() => aws.destroy());

describe("status, policy list and explain agree", () => {
  it("on a target scaled up by a schedule window: the window by name, the change acted on", async () => {
    // A window that is always open: one starts every minute and lasts an hour.
    const peak = { name: "peak", start: "* * * * *", duration_s: 3600, overrides: { min_replicas: 3 } };
    await putPolicy(policy({ schedules: [peak] }));
    await publishLoad(5);
    expect((await driftless("tick", "--once")).code).toBe(0);
    const v = await views();
    expectAgreement(v);
    expect(v.status).toMatchObject({ version: "v1", valid: "yes", target: "3", desired: "3" });
    expect(v.status.reason).toMatch(/^scale up 2 -> 3: .*schedule window "peak"/);
    expect(v.explain.head).toMatch(/2 -> 3 \(up\)\s+\[acted\]/);
    expect(v.list.text).toMatch(/synced v1/);
  });

  it("on a target held by the kill switch: the decision stated, no action taken, the switch named; then lifted", async () => {
    await putPolicy(policy());
    await publishLoad(20);
    await driftless("settings", "kill-switch", "on");
    expect((await driftless("tick", "--once")).code).toBe(0);
    const v = await views();
    expectAgreement(v);
    expect(v.status).toMatchObject({ version: "v1", valid: "yes", target: "4", desired: "2" });
    expect(v.status.reason).toMatch(/^scale up 2 -> 4: .*\[kill switch on: no action\]$/);
    expect(v.explain.head).not.toMatch(/\[acted\]/);
    // Lifted: the held-back target is applied, stated from the count ECS had, the lifted switch named.
    await driftless("settings", "kill-switch", "off");
    await publishLoad(20);
    expect((await driftless("tick", "--once")).code).toBe(0);
    const lifted = await views();
    expectAgreement(lifted);
    expect(lifted.status).toMatchObject({ target: "4", desired: "4" });
    expect(lifted.status.reason).toMatch(
      /^scale up 2 -> 4: .*\(kill switch lifted: applying the decided target 4/,
    );
    expect(lifted.status.reason).not.toMatch(/changed outside/);
    expect(lifted.explain.head).toMatch(/2 -> 4 \(up\)\s+\[acted\]/);
  });

  it("on an invalid edit: both say invalid, the decision ran the last known-good version", async () => {
    await putPolicy(policy());
    await publishLoad(20);
    expect((await driftless("tick", "--once")).code).toBe(0);
    await aws.documents.send(
      new PutCommand({
        TableName: DEFAULT_TABLE_NAMES.policies,
        Item: {
          ...policy({ max_replica: 3 }),
          targetId: "llm",
          version: 2,
          updatedBy: "console",
          updatedAt: "2026-12-01T00:00:00.000Z",
        },
      }),
    );
    await driftless("tick", "--once");
    const v = await views();
    expectAgreement(v);
    expect(v.status).toMatchObject({ version: "v2", valid: "NO" });
    expect(v.status.text).toContain("policy v2 is INVALID; running last known-good v1:");
    expect(v.list.text).toMatch(/INVALID\s+.*last known-good v1/);
    expect(v.explain.text).toMatch(/policy v1\b/);
  });
});
