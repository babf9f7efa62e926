/**
 * What an operator sees through the real `driftless` command on the emulator, with only
 * AWS_ENDPOINT_URL set (no credentials, no region): the scenarios of "operator truth".
 */
import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DescribeAlarmsCommand, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
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
const root = join(import.meta.dirname, "..", "..");
const driftless = (...args: string[]) => runDriftless(args, env);

const policy = (service: string, extra: Record<string, unknown> = {}) => ({
  min_replicas: 1,
  max_replicas: 4,
  target_ongoing_requests: 10,
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
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return path;
}

/** Writes a policy item around the CLI (as the console would), so it can be invalid. */
async function writeItem(targetId: string, version: number, body: Record<string, unknown>): Promise<void> {
  await aws.documents.send(
    new PutCommand({
      TableName: DEFAULT_TABLE_NAMES.policies,
      Item: { ...body, targetId, version, updatedBy: "console", updatedAt: "2026-12-01T00:00:00.000Z" },
    }),
  );
}

beforeAll(() => {
  aws = createAwsClients();
  dir = mkdtempSync(join(tmpdir(), "driftless-truth-"));
  env = operatorEnv(dir);
});

beforeEach(async () => {
  await resetEmulator();
  await bootstrapTables(aws.dynamodb, DEFAULT_TABLE_NAMES);
  await createExampleFleet(aws, { services: ["llm"], desired: 2 });
});

afterAll(() => aws.destroy());

describe("driftless on a loopback emulator with no credentials or region", () => {
  it("works: version, bootstrap, put with policy-sync run here (status and alarms at once)", async () => {
    expect((await driftless("--version")).stdout.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    const boot = await driftless("local", "bootstrap");
    expect(boot).toMatchObject({ code: 0, stderr: "" });
    const put = await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm")));
    expect(put.code).toBe(0);
    expect(put.stdout).toMatch(
      /stored llm v1\nsynced here: status valid; alarms written: driftless-llm.scale-up, driftless-llm.scale-down/,
    );
    const alarms = await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "driftless-llm" }));
    expect(alarms.MetricAlarms?.map((a) => a.AlarmName).sort()).toEqual([
      "driftless-llm.scale-down",
      "driftless-llm.scale-up",
    ]);
    expect((await driftless("policy", "list")).stdout).toMatch(/llm\s+v1\s+valid\s+.*synced v1/);
  });
});

describe("status and policy list agree, and say what is true", () => {
  it("an invalid edit: both say INVALID, status names the last known-good version that runs", async () => {
    await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm")));
    await writeItem("llm", 2, { ...policy("llm"), max_replica: 3 });
    const list = await driftless("policy", "list");
    expect(list.stdout).toMatch(/llm\s+v2\s+INVALID\s+.*last known-good v1/);
    const status = await driftless("status");
    expect(status.stdout).toMatch(/llm\s+v2\s+NO\s/);
    expect(status.stdout).toContain("policy v2 is INVALID; running last known-good v1:");
    expect(status.stdout).toContain(
      '$.max_replica: unknown field "max_replica"; did you mean "max_replicas"?',
    );
  });

  it("a target never valid: no made-up `last known-good v-`", async () => {
    await writeItem("llm", 1, { ...policy("llm"), max_replica: 3 });
    const status = await driftless("status", "llm");
    expect(status.stdout).toMatch(/llm\s+v1\s+NO\s/);
    expect(status.stdout).toContain("no version of it ever validated");
    expect(status.stdout).not.toContain("v-");
    expect((await driftless("policy", "list")).stdout).toMatch(/llm\s+v1\s+INVALID\s+.*none \(never valid\)/);
  });

  it("an unknown target is refused by name, not shown as a deleted policy", async () => {
    const status = await driftless("status", "nosuch");
    expect(status.code).toBe(2);
    expect(status.stdout).toBe("");
    expect(status.stderr.trim()).toBe(
      'no target "nosuch": no policy and no recorded state; list the targets with: driftless policy list',
    );
  });

  it.each([["explain"], ["history"]])("%s of an unknown target refuses it by name", async (command) => {
    const out = await driftless(command, "nosuch");
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('no target "nosuch"');
  });

  it("a target whose service does not exist: tick --once exits 1 and status shows the error", async () => {
    await driftless("policy", "put", "nope", "-f", file("nope.json", policy("nope")));
    const tick = await driftless("tick", "--once");
    expect(tick.code).toBe(1);
    expect(tick.stdout).toContain("nope: error: ECS service nope not found in cluster gpu-inference");
    expect(tick.stderr).toContain("failed: nope");
    const status = await driftless("status");
    expect(status.stdout).toContain("nope:\n  error: ECS service nope not found in cluster gpu-inference");
  });

  it.each([
    ["explain", "llm", "-n", "abc"],
    ["explain", "llm", "-n", "0"],
    ["history", "llm", "--limit", "2.5"],
    ["history", "llm", "--since", "yesterday"],
    ["policy", "put", "llm", "-f", "x.json", "--expect-version", "v1"],
  ])("refuses a bad option value: %s %s %s %s (exit 2, nothing on stdout)", async (...args) => {
    const out = await driftless(...args);
    expect(out.code).toBe(2);
    expect(out.stdout).toBe("");
    expect(out.stderr).toMatch(/invalid|expected/);
  });
});

describe("editing policies", () => {
  it("re-putting an identical file writes nothing; diff lists only the changed fields", async () => {
    const window = {
      name: "market-hours",
      start: "0 9 * * 1-5",
      end: "0 16 * * 1-5",
      overrides: { min_replicas: 2 },
    };
    const body = policy("llm", { schedules: [window] });
    const path = file("llm.json", body);
    await driftless("policy", "put", "llm", "-f", path);
    const again = await driftless(
      "policy",
      "put",
      "llm",
      "-f",
      file("reordered.json", Object.fromEntries(Object.entries(body).reverse())),
    );
    expect(again.stdout).toMatch(/^llm v1 unchanged/);
    const changed = {
      ...body,
      max_replicas: 6,
      schedules: [{ ...window, overrides: { min_replicas: 3 } }],
    };
    const diff = await driftless("policy", "diff", "llm", "-f", file("changed.json", changed));
    expect(diff.stdout.trim().split("\n")).toEqual([
      "~ $.max_replicas: 4 -> 6",
      "~ $.schedules[0].overrides.min_replicas: 2 -> 3",
    ]);
  });

  it("an --expect-version conflict names the stored and the expected version", async () => {
    const path = file("llm.json", policy("llm"));
    await driftless("policy", "put", "llm", "-f", path);
    await driftless("policy", "put", "llm", "-f", file("v2.json", policy("llm", { max_replicas: 5 })));
    const stale = await driftless(
      "policy",
      "put",
      "llm",
      "-f",
      file("v3.json", policy("llm", { max_replicas: 6 })),
      "--expect-version",
      "1",
    );
    expect(stale.code).toBe(2);
    expect(stale.stderr).toMatch(
      /the stored policy of llm is v2 \(by .*\), but this edit expected v1 \(--expect-version\)/,
    );
    expect(stale.stderr).toContain("retry with --expect-version 2");
  });

  it("delete asks first: without a terminal it refuses and says to pass --yes; --yes deletes and removes the alarms", async () => {
    await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm")));
    const refused = await driftless("policy", "delete", "llm");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("pass --yes");
    expect((await driftless("policy", "get", "llm")).code).toBe(0);
    const deleted = await driftless("policy", "delete", "llm", "--yes");
    expect(deleted.stdout).toMatch(/deleted llm \(was v1\)\nsynced here: alarms removed/);
    const alarms = await aws.cloudwatch.send(new DescribeAlarmsCommand({ AlarmNamePrefix: "driftless-llm" }));
    expect(alarms.MetricAlarms ?? []).toEqual([]);
  });

  it("delete on a terminal asks, and only y deletes", async () => {
    await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm")));
    // `script` gives the command a pseudo-terminal, as an operator's shell would.
    const onTerminal = (answer: string) =>
      new Promise<string>((resolve) => {
        const cmd = `${JSON.stringify(process.execPath)} bin/driftless.mjs policy delete llm`;
        const child = execFile("script", ["-qec", cmd, "/dev/null"], { cwd: root, env }, (_e, out) =>
          resolve(out),
        );
        child.stdin?.end(`${answer}\n`);
      });
    expect(await onTerminal("n")).toMatch(
      /delete the policy of llm \(v1\)\? driftless stops scaling it \[y\/N\][\s\S]*not deleted: llm stays at v1/,
    );
    expect((await driftless("policy", "get", "llm")).code).toBe(0);
    expect(await onTerminal("y")).toMatch(/deleted llm \(was v1\)/);
    expect((await driftless("policy", "get", "llm")).code).toBe(2);
  });

  it("history shows the decisions as a table, newest first, and --since keeps the recent ones", async () => {
    await driftless("policy", "put", "llm", "-f", file("llm.json", policy("llm", { upscale_delay_s: 0 })));
    const now = Math.floor(Date.now() / 1000);
    await aws.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "Driftless/Inference",
        MetricData: [0, 10, 20, 30].map((back) => ({
          MetricName: "OngoingRequests",
          Dimensions: [{ Name: "Service", Value: "llm" }],
          Timestamp: new Date((now - back) * 1000),
          Value: 20,
          StorageResolution: 1,
        })),
      }),
    );
    await driftless("tick", "--once");
    await driftless("tick", "--once");
    const history = await driftless("history", "llm");
    const lines = history.stdout.trim().split("\n");
    expect(lines[0]).toMatch(/^AT\s+CHANGE\s+RUNNING\s+LOAD\s+ACTED\s+LATENESS\s+POLICY\s+REASON$/);
    expect(lines).toHaveLength(3);
    const times = lines.slice(1).map((l) => Date.parse(l.slice(0, 20)));
    expect(times[0]).toBeGreaterThanOrEqual(times[1] ?? 0);
    expect(lines[2]).toMatch(/2 -> 4\s+2\s+40\s+yes/);
    expect(
      (await driftless("history", "llm", "--since", "2026-01-01T00:00:00Z")).stdout.trim().split("\n"),
    ).toHaveLength(3);
    expect((await driftless("history", "llm", "--since", "2099-01-01T00:00:00Z")).stdout).toMatch(
      /llm: no decisions recorded since/,
    );
  });
});

describe("setup problems give one line that says what to do", () => {
  it("an emulator that is not running", async () => {
    const out = await runDriftless(["local", "bootstrap"], {
      ...env,
      AWS_ENDPOINT_URL: "http://127.0.0.1:9",
    });
    expect(out.code).toBe(1);
    expect(out.stderr.trim().split("\n")).toEqual([
      "cannot reach AWS_ENDPOINT_URL http://127.0.0.1:9 (ECONNREFUSED): start the emulator there (e.g. moto_server -H 127.0.0.1 -p 9), or unset AWS_ENDPOINT_URL to use AWS",
    ]);
  });

  it("AWS without a region, then without credentials", async () => {
    const noRegion = await runDriftless(["status"], { PATH: process.env.PATH, HOME: dir });
    expect(noRegion.code).toBe(2);
    expect(noRegion.stderr.trim().split("\n")).toHaveLength(1);
    expect(noRegion.stderr).toMatch(/^no AWS region: set AWS_REGION .* or AWS_PROFILE/);
    const noCredentials = await runDriftless(["status"], {
      PATH: process.env.PATH,
      HOME: dir,
      AWS_REGION: "us-east-1",
      AWS_EC2_METADATA_DISABLED: "true",
    });
    expect(noCredentials.code).toBe(1);
    expect(noCredentials.stderr.trim().split("\n")).toHaveLength(1);
    expect(noCredentials.stderr).toMatch(/^no AWS credentials found: set AWS_PROFILE/);
  });
});
