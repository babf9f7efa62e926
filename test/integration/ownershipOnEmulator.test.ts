import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { ApplicationAutoScalingClient } from "@aws-sdk/client-application-auto-scaling";
import { DeregisterScalableTargetCommand } from "@aws-sdk/client-application-auto-scaling";
import { DescribeServicesCommand } from "@aws-sdk/client-ecs";
import { PutCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createExampleFleet, type ExampleFleet } from "../../demo/createExampleFleet";
import { evaluateRound } from "../../shared/engine/evaluateRound";
import { ManualClock } from "../../shared/inMemory/ManualClock";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { buildRuntime, type Runtime } from "../../shared/runtime/buildRuntime";
import { applicationScaling, registerTarget, trackingPolicy } from "../support/applicationScaling";
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

/** A valid policy for `service` of the example cluster (min 3, so a live round would act at once). */
function policyFor(service: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    min_replicas: 3,
    max_replicas: 8,
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
  };
}

let aws: AwsTestClients;
let appScaling: ApplicationAutoScalingClient;
let runtime: Runtime;
let fleet: ExampleFleet;
let dir: string;

beforeAll(async () => {
  await resetEmulator();
  aws = createAwsClients();
  appScaling = applicationScaling();
  dir = mkdtempSync(join(tmpdir(), "driftless-owner-"));
  runtime = buildRuntime(process.env, { clock: new ManualClock(Math.floor(Date.now() / 1000)) });
  runtime.logger.setLogLevel("SILENT");
  await bootstrapTables(runtime.dynamo, runtime.config.tables);
  fleet = await createExampleFleet(aws, { services: ["llm", "aas", "asg"], desired: 1 });
});
afterAll(() => {
  aws.destroy();
  appScaling.destroy();
});

function file(name: string, body: Record<string, unknown>): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(body));
  return path;
}

async function desired(service: string): Promise<number | undefined> {
  const out = await aws.ecs.send(
    new DescribeServicesCommand({ cluster: fleet.cluster, services: [service] }),
  );
  return out.services?.[0]?.desiredCount;
}

describe("one controller per service, on the emulator and through the CLI", () => {
  it("put refuses a second target on a service (by name or ARN), naming the first; validate --target too", async () => {
    expect((await driftless("policy", "put", "llm-a", "--file", file("a.json", policyFor("llm")))).code).toBe(
      0,
    );
    const arn = `arn:aws:ecs:us-east-1:123456789012:cluster/${fleet.cluster}`;
    const second = file("b.json", { ...policyFor("llm"), target: { cluster: arn, service: "llm" } });
    const refused = await driftless("policy", "put", "llm-b", "--file", second);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      "target.service: ECS service gpu-inference/llm is also claimed by target llm-a",
    );
    const validated = await driftless("policy", "validate", "--file", second, "--target", "llm-b");
    expect(validated.code).toBe(2);
    expect(validated.stderr).toContain("also claimed by target llm-a");
    // Re-putting the owner's own policy is no conflict.
    expect(
      (
        await driftless(
          "policy",
          "put",
          "llm-a",
          "--file",
          file("a2.json", policyFor("llm", { max_replicas: 6 })),
        )
      ).code,
    ).toBe(0);
  });

  it("two items written straight into the table: the runtime acts for neither, status shows it on both", async () => {
    await aws.documents.send(
      new PutCommand({
        TableName: runtime.config.tables.policies,
        Item: {
          targetId: "llm-b",
          version: 1,
          updatedBy: "hand",
          updatedAt: "2026-12-01T00:00:00Z",
          ...policyFor("llm"),
        },
      }),
    );
    const report = await evaluateRound(runtime.deps);
    expect(report.outcomes.flatMap((o) => o.actions)).toEqual([]);
    expect(await desired("llm")).toBe(1);
    const status = await driftless("status");
    expect(status.stdout).toContain(
      "conflict: not acting: ECS service gpu-inference/llm is also claimed by target llm-b",
    );
    expect(status.stdout).toContain(
      "conflict: not acting: ECS service gpu-inference/llm is also claimed by target llm-a",
    );
    // The rival removed, the owner acts.
    expect((await driftless("policy", "delete", "llm-b", "--yes")).code).toBe(0);
    const after = await evaluateRound(runtime.deps, { targetIds: ["llm-a"] });
    expect(after.outcomes[0]?.actions).toEqual(["ecs:llm=3"]);
    expect(await desired("llm")).toBe(3);
  });

  it("a service Application Auto Scaling scales: put refuses, the runtime leaves it alone until it is deregistered", async () => {
    const resourceId = `service/${fleet.cluster}/aas`;
    await registerTarget(appScaling, resourceId);
    await trackingPolicy(appScaling, resourceId, "cpu-70");
    const refused = await driftless("policy", "put", "aas", "--file", file("aas.json", policyFor("aas")));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `Application Auto Scaling scales ${resourceId} (scaling policies cpu-70)`,
    );
    expect(refused.stderr).toContain("deregister-scalable-target");
    // Written straight into the table (live): the runtime does not act, and status says why.
    await aws.documents.send(
      new PutCommand({
        TableName: runtime.config.tables.policies,
        Item: {
          targetId: "aas",
          version: 1,
          updatedBy: "hand",
          updatedAt: "2026-12-01T00:00:00Z",
          ...policyFor("aas"),
        },
      }),
    );
    await evaluateRound(runtime.deps, { targetIds: ["aas"] });
    expect(await desired("aas")).toBe(1);
    expect((await driftless("status", "aas")).stdout).toContain(
      `conflict: not acting: Application Auto Scaling scales ${resourceId}`,
    );
    await appScaling.send(
      new DeregisterScalableTargetCommand({
        ServiceNamespace: "ecs",
        ResourceId: resourceId,
        ScalableDimension: "ecs:service:DesiredCount",
      }),
    );
    await evaluateRound(runtime.deps, { targetIds: ["aas"] });
    expect(await desired("aas")).toBe(3);
  });

  it("direct mode on the example provider (managed scaling on): put refuses; at run time tasks scale, the group is left alone", async () => {
    const capacity = { mode: "direct", auto_scaling_group: fleet.autoScalingGroup };
    const body = { ...policyFor("asg"), target: { cluster: fleet.cluster, service: "asg", capacity } };
    const refused = await driftless("policy", "put", "asg", "--file", file("asg.json", body));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `target.capacity.mode: capacity provider ${fleet.capacityProvider} has managed scaling ENABLED`,
    );
    await aws.documents.send(
      new PutCommand({
        TableName: runtime.config.tables.policies,
        Item: { targetId: "asg", version: 1, updatedBy: "hand", updatedAt: "2026-12-01T00:00:00Z", ...body },
      }),
    );
    const report = await evaluateRound(runtime.deps, { targetIds: ["asg"] });
    expect(report.outcomes[0]?.actions).toEqual(["ecs:asg=3"]);
    expect((await driftless("status", "asg")).stdout).toContain(
      `conflict: instances not set: capacity provider ${fleet.capacityProvider} has managed scaling ENABLED`,
    );
  });
});
