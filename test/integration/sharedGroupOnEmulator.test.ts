import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { UpdateCapacityProviderCommand } from "@aws-sdk/client-ecs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { formatExplain } from "../../cli/format/formatExplain";
import { createExampleFleet, type ExampleFleet } from "../../demo/createExampleFleet";
import { evaluateRound } from "../../shared/engine/evaluateRound";
import type { Runtime } from "../../shared/runtime/buildRuntime";
import type { AwsTestClients } from "../support/awsClients";
import { startEmulatorRuntime } from "../support/emulatorRuntime";
import { driftlessCli } from "../support/runDriftless";

const NS = "Driftless/Inference";
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
let runtime: Runtime;
let fleet: ExampleFleet;
let t0: number;

beforeEach(async () => {
  ({ aws, runtime, t0 } = await startEmulatorRuntime());
  fleet = await createExampleFleet(aws, {
    services: ["llm-a", "llm-b"],
    desired: 2,
    group: { min: 0, max: 20, desired: 4 },
  });
});

afterEach(() => aws.destroy());

/** Turns the example provider's managed scaling off: nothing but driftless sets the group. */
async function managedScalingOff(): Promise<void> {
  await aws.ecs.send(
    new UpdateCapacityProviderCommand({
      name: fleet.capacityProvider,
      autoScalingGroupProvider: { managedScaling: { status: "DISABLED" } },
    }),
  );
}

/** A policy for `service` on the example group. */
function bodyFor(service: string, capacity: Record<string, unknown>): Record<string, unknown> {
  return {
    min_replicas: 1,
    max_replicas: 8,
    target_ongoing_requests: 10,
    upscale_delay_s: 0,
    target: {
      cluster: fleet.cluster,
      service,
      capacity: { auto_scaling_group: fleet.autoScalingGroup, ...capacity },
    },
    load: {
      metrics: [{ namespace: NS, name: "OngoingRequests", dimensions: { Service: service }, per: "replica" }],
    },
  };
}

/** A policy for `service` on the example group, with 30 ongoing requests per replica published (6 wanted). */
async function putTarget(service: string, capacity: Record<string, unknown>): Promise<void> {
  await runtime.deps.policies.put(
    {
      targetId: service,
      updatedBy: "test",
      updatedAt: new Date(t0 * 1000).toISOString(),
      body: bodyFor(service, capacity),
    },
    0,
  );
  await aws.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: NS,
      MetricData: [0, 10, 20, 30].map((s) => ({
        MetricName: "OngoingRequests",
        Dimensions: [{ Name: "Service", Value: service }],
        Timestamp: new Date((t0 - 30 + s) * 1000),
        Value: 30,
        StorageResolution: 1,
      })),
    }),
  );
}

async function groupDesired(): Promise<number | undefined> {
  const out = await aws.autoScaling.send(
    new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [fleet.autoScalingGroup] }),
  );
  return out.AutoScalingGroups?.[0]?.DesiredCapacity;
}

describe("targets sharing one Auto Scaling group", () => {
  it("in mode direct: one SetDesiredCapacity per round sets the group to the sum of their tasks", async () => {
    await managedScalingOff();
    await putTarget("llm-a", { mode: "direct" });
    await putTarget("llm-b", { mode: "direct", gpus_per_task: 1 });

    const report = await evaluateRound(runtime.deps);

    expect(report.calls["AutoScaling:SetDesiredCapacity"]).toBe(1);
    expect(await groupDesired()).toBe(12);
    expect(report.outcomes.flatMap((o) => o.actions).sort()).toEqual([
      `asg:${fleet.autoScalingGroup}=12`,
      "ecs:llm-a=6",
      "ecs:llm-b=6",
    ]);
    const said = `Auto Scaling group ${fleet.autoScalingGroup} shared: 12 instances for 12 tasks (llm-a 6 + llm-b 6), set by llm-a`;
    expect((await runtime.deps.states.get("llm-b"))?.lastDecision?.reason).toContain(said);
    // explain tells it from the history, as the state does.
    const history = await runtime.deps.log.recent("llm-b", 5);
    expect(formatExplain("llm-b", history, t0)).toContain(said);
  });

  it("in mode auto beside managed scaling ENABLED: leaves the group to ECS and says why", async () => {
    await putTarget("llm-a", {});
    await putTarget("llm-b", {});

    const report = await evaluateRound(runtime.deps);

    expect(report.calls["AutoScaling:SetDesiredCapacity"]).toBeUndefined();
    expect(await groupDesired()).toBe(4);
    expect(report.outcomes.flatMap((o) => o.actions).sort()).toEqual(["ecs:llm-a=6", "ecs:llm-b=6"]);
    expect((await runtime.deps.states.get("llm-a"))?.lastDecision?.reason).toContain(
      `[capacity auto → managed: provider ${fleet.capacityProvider} has managed scaling ENABLED]`,
    );
  });

  it("in mode auto with managed scaling off: sets the group directly for both, and says why", async () => {
    await managedScalingOff();
    await putTarget("llm-a", { mode: "auto" });
    await putTarget("llm-b", {});

    const report = await evaluateRound(runtime.deps);

    expect(report.calls["AutoScaling:SetDesiredCapacity"]).toBe(1);
    expect(await groupDesired()).toBe(12);
    expect((await runtime.deps.states.get("llm-a"))?.lastDecision?.reason).toContain(
      `[capacity auto → direct: provider ${fleet.capacityProvider} has managed scaling off]`,
    );
  });
});

describe("policy put and status for targets sharing one Auto Scaling group", () => {
  function file(name: string, body: Record<string, unknown>): string {
    const path = join(mkdtempSync(join(tmpdir(), "driftless-group-")), name);
    writeFileSync(path, JSON.stringify(body));
    return path;
  }

  it("put accepts a second direct target on the group, refuses a managed one naming both; status says who sets it", async () => {
    await managedScalingOff();
    const a = await driftless("policy", "put", "llm-a", "--file", file("a.json", bodyFor("llm-a", {})));
    expect(a.code).toBe(0);
    expect(a.stderr).toContain(
      `capacity auto → direct: provider ${fleet.capacityProvider} has managed scaling off`,
    );
    const b = await driftless(
      "policy",
      "put",
      "llm-b",
      "--file",
      file("b.json", bodyFor("llm-b", { mode: "direct" })),
    );
    expect(b.code).toBe(0);

    const refused = await driftless(
      "policy",
      "put",
      "llm-c",
      "--file",
      file("c.json", bodyFor("llm-c", { mode: "managed" })),
    );
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain(
      `target.capacity.mode: Auto Scaling group ${fleet.autoScalingGroup} is set directly for targets llm-a (capacity auto), llm-b (capacity direct) but left to ECS by target llm-c (capacity managed)`,
    );

    const status = await driftless("status");
    expect(status.stdout).toContain(
      `capacity: capacity auto → direct: provider ${fleet.capacityProvider} has managed scaling off`,
    );
    expect(status.stdout).toContain(
      `capacity: Auto Scaling group ${fleet.autoScalingGroup} shared with llm-b: driftless sets it once per round for the sum of their tasks`,
    );
    expect(status.stdout).toContain(
      `capacity: Auto Scaling group ${fleet.autoScalingGroup} shared with llm-a`,
    );
  });
});
