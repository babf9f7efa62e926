import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleFleet } from "../../demo/createExampleFleet";
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

let aws: AwsTestClients;
let dir: string;

beforeAll(async () => {
  await resetEmulator();
  aws = createAwsClients();
  dir = mkdtempSync(join(tmpdir(), "driftless-cli-"));
  await createExampleFleet(aws, { services: ["llm"], desired: 2 });
});

afterAll(() => aws.destroy());

describe("the driftless command on the emulator (the README's operator flow)", () => {
  it("bootstraps, refuses a bad policy, stores a good one, scales on tick --once, and explains it", async () => {
    // bootstrap
    const boot = await driftless("local", "bootstrap");
    expect(boot.code).toBe(0);
    expect(boot.stdout).toMatch(/created/);

    // put refuses an invalid policy with every problem
    const bad = join(dir, "bad.json");
    writeFileSync(bad, JSON.stringify({ min_replicas: 5, max_replicas: 2, upscale_dealy_s: 3 }));
    const refused = await driftless("policy", "put", "llm", "--file", bad);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("$.min_replicas");
    expect(refused.stderr).toContain('did you mean "upscale_delay_s"');

    // put stores a valid one and records who
    const good = join(dir, "llm.json");
    writeFileSync(
      good,
      JSON.stringify({
        min_replicas: 1,
        max_replicas: 4,
        target_ongoing_requests: 10,
        upscale_delay_s: 30,
        downscale_delay_s: 300,
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
      }),
    );
    const stored = await driftless("policy", "put", "llm", "--file", good, "--by", "alice");
    expect(stored.stdout).toMatch(/stored llm v1/);
    expect((await driftless("policy", "get", "llm")).stdout).toContain('"updatedBy": "alice"');

    // 20 ongoing requests per replica for the last 60 s: the breach began a minute ago, so the 30 s delay has passed
    const now = Math.floor(Date.now() / 1000);
    const points = Array.from({ length: 7 }, (_, i) => now - 60 + i * 10);
    await aws.cloudwatch.send(
      new PutMetricDataCommand({
        Namespace: "Driftless/Inference",
        MetricData: points.map((t) => ({
          MetricName: "OngoingRequests",
          Dimensions: [{ Name: "Service", Value: "llm" }],
          Timestamp: new Date(t * 1000),
          Value: 20,
          StorageResolution: 1,
        })),
      }),
    );
    const tick = await driftless("tick", "--once");
    expect(tick.code).toBe(0);
    expect(tick.stdout).toMatch(/llm: 2 -> 4 \[ecs:llm=4\] scale up 2 -> 4/);
    const described = await aws.ecs.send(
      new DescribeServicesCommand({ cluster: "gpu-inference", services: ["llm"] }),
    );
    expect(described.services?.[0]?.desiredCount).toBe(4);

    // status and explain show the decision, its reason and its lateness
    const status = await driftless("status");
    expect(status.stdout).toMatch(/llm\s+v1\s+yes\s+4\s+4/);
    expect(status.stdout).toMatch(/reason: scale up 2 -> 4/);
    const explain = await driftless("explain", "llm");
    expect(explain.stdout).toMatch(/2 -> 4 \(up\)\s+\[acted\]/);
    expect(explain.stdout).toMatch(/lateness \d+ ms/);
    expect(explain.stdout).toMatch(/delay\s+-> 4/);

    // pause, kill switch
    expect((await driftless("policy", "pause", "llm")).stdout).toMatch(/paused llm \(v2\)/);
    expect((await driftless("settings", "kill-switch", "on")).stdout).toMatch(/kill switch on/);
    expect((await driftless("status")).stdout).toMatch(/KILL SWITCH ON/);
  }, 120_000);

  it("against AWS (no endpoint), fails at start naming the missing region and how to set it", async () => {
    const {
      AWS_REGION: _r,
      AWS_DEFAULT_REGION: _d,
      AWS_ENDPOINT_URL: _e,
      AWS_PROFILE: _p,
      ...env
    } = process.env;
    env.HOME = dir;
    const out = await run(process.execPath, [driftlessCli, "status"], {
      cwd: root,
      env,
    }).catch((e: { code: number; stderr: string }) => e);
    expect((out as { code: number }).code).toBe(2);
    expect((out as { stderr: string }).stderr).toContain("AWS_REGION");
  });
});
