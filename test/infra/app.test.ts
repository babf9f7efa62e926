import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { App, Validations } from "aws-cdk-lib";
import { Annotations, Match, Template } from "aws-cdk-lib/assertions";
import { AwsSolutionsChecks } from "cdk-nag";
import type { IConstruct } from "constructs";
import { afterAll, describe, expect, it } from "vitest";
import { gpuAutoscalerPropsFromContext } from "../../infra/DriftlessStack";
import { fleetPropsFromContext, GpuInferenceFleetStack } from "../../infra/GpuInferenceFleetStack";
import { cdkJsonContext, synthesizeBundledApp } from "./support/synthesizeApp";

// The whole app exactly as `npx cdk synth` builds it (cdk.json's context, real esbuild bundles), once.
const synthesized = synthesizeBundledApp();
const driftless = Template.fromStack(synthesized.driftless);
const fleet = Template.fromStack(synthesized.fleet);
afterAll(() => rmSync(synthesized.outdir, { recursive: true, force: true }));
const templatePaths = ["Driftless", "DriftlessExampleFleet"].map((s) =>
  join(synthesized.outdir, `${s}.template.json`),
);

/** A bundle must stay well below Lambda's limits and load fast: 1.5 MB of minified JavaScript at most. */
const BUNDLE_BUDGET_BYTES = 1_500_000;

describe("the CDK app", () => {
  it("synthesizes both stacks offline: no context lookups, no account or region", () => {
    const assembly = synthesized.app.synth();
    expect(assembly.manifest.missing ?? []).toEqual([]);
    expect(assembly.stacks.map((s) => s.stackName).sort()).toEqual(["Driftless", "DriftlessExampleFleet"]);
    for (const stack of assembly.stacks) expect(stack.environment.account).toBe("unknown-account");
    for (const path of templatePaths) expect(existsSync(path)).toBe(true);
  });

  it("names the CLI's default tables from cdk.json's context", () => {
    const names = Object.values(driftless.findResources("AWS::DynamoDB::Table")).map(
      (t) => t.Properties.TableName,
    );
    expect(names.sort()).toEqual(["driftless-history", "driftless-policies", "driftless-state"]);
  });

  it("bundles each handler into one small, minified ES module with its source map and the AWS SDK inside", () => {
    const functions = driftless.findResources("AWS::Lambda::Function");
    expect(Object.keys(functions)).toHaveLength(4);
    for (const fn of Object.values(functions)) {
      // arrange
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, "");
      const bundle = join(synthesized.outdir, `asset.${hash}`, "index.mjs");
      // act
      const source = readFileSync(bundle, "utf8");
      // assert
      expect(fn.Properties.Handler).toBe("index.handler");
      expect(statSync(bundle).size).toBeLessThan(BUNDLE_BUDGET_BYTES);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      // Bundled, not taken from the runtime: the only @aws-sdk module left outside is the optional CRT
      // signer, which the SDK tries in a try/catch and these services never need.
      const external = [...source.matchAll(/(?:require\(|from\s*)"(@aws-sdk\/[^"]+)"/g)].map((m) => m[1]);
      expect(new Set(external)).toEqual(new Set(["@aws-sdk/signature-v4-crt"]));
    }
  });

  it("loads each bundle in Node as an ES module exporting handler", () => {
    for (const fn of Object.values(driftless.findResources("AWS::Lambda::Function"))) {
      const hash = String(fn.Properties.Code.S3Key).replace(/\.zip$/, "");
      const url = pathToFileURL(join(synthesized.outdir, `asset.${hash}`, "index.mjs")).href;
      const run = spawnSync(
        process.execPath,
        [
          "--input-type=module",
          "-e",
          `const m = await import(${JSON.stringify(url)}); console.log(typeof m.handler);`,
        ],
        { encoding: "utf8", env: { PATH: process.env.PATH ?? "", AWS_REGION: "us-east-1" } },
      );
      expect(run.stderr).toBe("");
      expect(run.stdout.trim()).toBe("function");
    }
  });

  it("matches the snapshot of the driftless template (asset hashes removed)", () => {
    const text = JSON.stringify(driftless.toJSON(), null, 2).replace(/[0-9a-f]{64}/g, "<asset-hash>");
    expect(JSON.parse(text)).toMatchSnapshot();
  });
});

describe("cdk-nag AwsSolutions", () => {
  it("reports no unacknowledged finding, error or warning, in either stack", () => {
    const report = new AwsSolutionsChecks().validateScope(synthesized.app);
    const findings = report.violations.map(
      (v) => `${v.ruleName} (${v.severity}): ${v.violatingResources.map((r) => r.constructPath).join(", ")}`,
    );
    expect(findings).toEqual([]);
  });

  it("leaves no error or warning annotation on either stack", () => {
    // cdk-nag 3 reports through CDK's validation report, not annotations; this catches CDK's own.
    for (const stack of [synthesized.driftless, synthesized.fleet]) {
      const annotations = Annotations.fromStack(stack);
      expect(annotations.findError("*", Match.anyValue())).toEqual([]);
      expect(annotations.findWarning("*", Match.anyValue())).toEqual([]);
    }
  });

  it("justifies every acknowledged rule in a sentence", () => {
    const acknowledgments = allConstructs(synthesized.app).flatMap((c) =>
      c.node.metadata
        .filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
        .flatMap((m) => Object.entries(m.data as Record<string, string>)),
    );
    // Only cdk-nag's rules: CDK's own constructs acknowledge some of its built-in template checks.
    const nag = acknowledgments.filter(([id]) => id.includes("AwsSolutions-"));
    expect(nag.length).toBeGreaterThan(10);
    for (const [id, reason] of nag) {
      expect(reason.length, `${id} needs a real justification`).toBeGreaterThan(40);
    }
  });
});

// cfn-lint is a Python tool installed on the project's machines; elsewhere this test says so and skips.
const cfnLint = findCfnLint();

describe("cfn-lint", () => {
  it.skipIf(cfnLint === undefined)(
    "passes on every synthesized template (skipped where cfn-lint is not installed)",
    () => {
      // W3005 (a DependsOn already implied by a GetAtt) is how CDK orders every function after its role's
      // policy; it is harmless, and the only check ignored.
      const run = spawnSync(cfnLint!, ["--ignore-checks", "W3005", "--", ...templatePaths], {
        encoding: "utf8",
      });
      expect(run.stdout + run.stderr).toBe("");
      expect(run.status).toBe(0);
    },
    30_000,
  );
});

describe("the example fleet", () => {
  it("takes the Amazon Linux 2023 ECS GPU AMI from its public SSM parameter at deploy time", () => {
    const parameters = Object.values(
      fleet.toJSON().Parameters as Record<string, { Type: string; Default: string }>,
    );
    expect(parameters.filter((p) => p.Type.includes("AWS::EC2::Image::Id"))).toEqual([
      {
        Type: "AWS::SSM::Parameter::Value<AWS::EC2::Image::Id>",
        Default: "/aws/service/ecs/optimized-ami/amazon-linux-2023/gpu/recommended/image_id",
      },
    ]);
  });

  it("creates the service after the cluster's capacity provider association (and deletes it before)", () => {
    const [associationId] = Object.keys(fleet.findResources("AWS::ECS::ClusterCapacityProviderAssociations"));
    const [service] = Object.values(fleet.findResources("AWS::ECS::Service"));
    expect(associationId).toBeDefined();
    expect(service?.DependsOn).toContain(associationId);
  });

  it("in capacity mode direct, turns ECS managed scaling and managed termination protection off", () => {
    // arrange / act: the set-up for a policy whose target.capacity.mode is "direct"
    const direct = Template.fromStack(
      new GpuInferenceFleetStack(new App(), "DirectFleet", { fleet: { capacityMode: "direct" } }),
    );
    // assert: nothing of ECS's own sets the group's desired capacity or protects instances from driftless
    direct.hasResourceProperties("AWS::ECS::CapacityProvider", {
      AutoScalingGroupProvider: Match.objectLike({
        ManagedScaling: Match.objectLike({ Status: "DISABLED" }),
        ManagedTerminationProtection: "DISABLED",
        ManagedDraining: "ENABLED",
      }),
    });
    direct.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", {
      NewInstancesProtectedFromScaleIn: Match.absent(),
    });
  });

  it("matches cdk.json's fleet:capacityMode to the example policy's capacity mode", () => {
    const policy = JSON.parse(
      readFileSync(new URL("../../infra/examplePolicy.json", import.meta.url), "utf8"),
    );
    expect(cdkJsonContext()["fleet:capacityMode"]).toBe(policy.target.capacity.mode);
  });

  it("mixes spot and on-demand g5/g6 instances from an encrypted launch template", () => {
    fleet.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", {
      MinSize: "0",
      NewInstancesProtectedFromScaleIn: true,
      MixedInstancesPolicy: {
        InstancesDistribution: {
          OnDemandBaseCapacity: 1,
          OnDemandPercentageAboveBaseCapacity: 50,
          SpotAllocationStrategy: "price-capacity-optimized",
        },
        LaunchTemplate: {
          Overrides: [
            { InstanceType: "g6.xlarge" },
            { InstanceType: "g5.xlarge" },
            { InstanceType: "g6.2xlarge" },
            { InstanceType: "g5.2xlarge" },
          ],
        },
      },
      Tags: Match.arrayWith([{ Key: "driftless:managed", Value: "true", PropagateAtLaunch: false }]),
    });
    fleet.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: Match.objectLike({
        BlockDeviceMappings: [Match.objectLike({ Ebs: Match.objectLike({ Encrypted: true }) })],
        MetadataOptions: { HttpTokens: "required" },
      }),
    });
    fleet.resourceCountIs("AWS::AutoScaling::WarmPool", 0);
  });

  it("in capacity mode managed, puts the group behind ECS managed scaling, termination protection and draining", () => {
    fleet.hasResourceProperties("AWS::ECS::CapacityProvider", {
      AutoScalingGroupProvider: Match.objectLike({
        ManagedTerminationProtection: "ENABLED",
        ManagedDraining: "ENABLED",
        ManagedScaling: Match.objectLike({ Status: "ENABLED" }),
      }),
    });
  });

  it("runs a vLLM service with one GPU per task, tagged for driftless and with no desired count of its own", () => {
    fleet.hasResourceProperties("AWS::ECS::TaskDefinition", {
      ContainerDefinitions: Match.arrayWith([
        Match.objectLike({
          Name: "vllm",
          Image: Match.stringLikeRegexp("^vllm/vllm-openai:"),
          ResourceRequirements: [{ Type: "GPU", Value: "1" }],
        }),
        Match.objectLike({ Name: "metrics", Secrets: [Match.objectLike({ Name: "AOT_CONFIG_CONTENT" })] }),
      ]),
    });
    fleet.hasResourceProperties("AWS::ECS::Service", {
      ServiceName: "vllm",
      DesiredCount: Match.absent(),
      Tags: Match.arrayWith([{ Key: "driftless:managed", Value: "true" }]),
    });
  });

  it("with a warm pool, runs on-demand instances of one type (Auto Scaling allows no warm pool beside a mix)", () => {
    // arrange / act
    const stack = new GpuInferenceFleetStack(new App(), "WarmFleet", { fleet: { warmPool: true } });
    const warm = Template.fromStack(stack);
    // assert
    warm.resourceCountIs("AWS::AutoScaling::WarmPool", 1);
    warm.hasResourceProperties("AWS::AutoScaling::AutoScalingGroup", {
      MixedInstancesPolicy: Match.absent(),
    });
    warm.hasResourceProperties("AWS::EC2::LaunchTemplate", {
      LaunchTemplateData: Match.objectLike({ InstanceType: "g6.xlarge" }),
    });
  });

  it("its warm pool takes instances back on scale-in, so driftless's scale-in keeps them warm", () => {
    // arrange / act
    const stack = new GpuInferenceFleetStack(new App(), "WarmFleet", { fleet: { warmPool: true } });
    // assert
    Template.fromStack(stack).hasResourceProperties("AWS::AutoScaling::WarmPool", {
      PoolState: "Stopped",
      InstanceReusePolicy: { ReuseOnScaleIn: true },
    });
  });
});

describe("configuration from context", () => {
  const nodeWith = (context: Record<string, unknown>) => new App({ context }).node;

  it("reads -c strings: lists, numbers, booleans and the table name prefix", () => {
    // arrange / act
    const props = gpuAutoscalerPropsFromContext(
      nodeWith({
        "driftless:clusterNames": "gpu-a, gpu-b",
        "driftless:shards": "3",
        "driftless:maxReplicasPerTarget": "40",
        "driftless:enabled": "false",
        "driftless:alarmReservedConcurrency": "none",
        "driftless:tableNamePrefix": "prod",
        "driftless:latenessAlarmThresholdS": "45",
      }),
    );
    // assert
    expect(props).toMatchObject({
      clusterNames: ["gpu-a", "gpu-b"],
      shards: 3,
      maxReplicasPerTarget: 40,
      enabled: false,
      alarmReservedConcurrency: "none",
      tableNames: { policies: "prod-policies", state: "prod-state", history: "prod-history" },
    });
    expect(props.latenessAlarmThreshold?.toSeconds()).toBe(45);
  });

  it("lets CloudFormation name the tables when the prefix is empty", () => {
    expect(
      gpuAutoscalerPropsFromContext(nodeWith({ "driftless:tableNamePrefix": "" })).tableNames,
    ).toBeUndefined();
  });

  it("reads cdk.json's values as they are", () => {
    const props = gpuAutoscalerPropsFromContext(nodeWith(cdkJsonContext()));
    expect(props).toMatchObject({ clusterNames: [], enabled: true });
    // The runtime's own defaults (RuntimeConfig) stand where cdk.json sets nothing: one home for each.
    expect([props.shards, props.alarmPrefix, props.evaluationIntervalS, props.historyTtlDays]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect(fleetPropsFromContext(nodeWith(cdkJsonContext()))).toMatchObject({
      clusterName: "driftless-example",
      serviceName: "vllm",
      warmPool: false,
      capacityMode: "managed",
    });
    expect(() => fleetPropsFromContext(nodeWith({ "fleet:capacityMode": "ecs" }))).toThrow(
      /fleet:capacityMode: expected one of managed, direct/,
    );
  });

  it("names every invalid key at once", () => {
    const read = () =>
      gpuAutoscalerPropsFromContext(
        nodeWith({
          "driftless:shards": "lots",
          "driftless:enabled": "maybe",
          "driftless:clusterNames": "[1]",
        }),
      );
    expect(read).toThrow(/driftless:shards[\s\S]*driftless:enabled|driftless:enabled[\s\S]*driftless:shards/);
    expect(read).toThrow(/driftless:clusterNames/);
  });
});

function allConstructs(root: IConstruct): IConstruct[] {
  return [root, ...root.node.children.flatMap(allConstructs)];
}

function findCfnLint(): string | undefined {
  for (const candidate of [process.env.CFN_LINT, "cfn-lint", "/root/.pyenv/shims/cfn-lint"]) {
    if (!candidate) continue;
    const probe = spawnSync(candidate, ["--version"], { encoding: "utf8" });
    if (probe.status === 0) return candidate;
  }
  return undefined;
}
