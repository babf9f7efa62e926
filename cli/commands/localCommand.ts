import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ECSClient } from "@aws-sdk/client-ecs";
import type { Command } from "commander";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import { validatePolicy } from "../../shared/policy/parsePolicy";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { cliRuntime } from "../createCliContext";
import { integerOption } from "../optionParsers";

/** Registers `driftless local bootstrap`: the three tables and the settings item on the configured endpoint. */
export function registerLocalCommand(program: Command): void {
  const local = program.command("local").description("set up an emulator or a sandbox account for driftless");
  local
    .command("bootstrap")
    .description(
      "create the policies, state and history tables (same schema as the CDK stack) and the settings item",
    )
    .action(async () => {
      const runtime = cliRuntime();
      const created = await bootstrapTables(runtime.dynamo, runtime.config.tables);
      const settings = await runtime.deps.states.getSettings();
      await runtime.deps.states.putSettings(settings);
      const t = runtime.config.tables;
      process.stdout.write(
        `tables ${t.policies}, ${t.state}, ${t.history}: ${created.length > 0 ? `created ${created.join(", ")}` : "already there"}\n` +
          `settings: kill switch ${settings.killSwitch ? "on" : "off"}\n`,
      );
    });
  local
    .command("example-fleet")
    .description(
      "create an example GPU fleet on the emulator: an ECS cluster, inference services, a GPU Auto Scaling group and capacity provider",
    )
    .option("--cluster <name>", "cluster name", "gpu-inference")
    .option("--service <name...>", "service names", ["llm"])
    .option("--desired <n>", "initial desired count", integerOption(0, 1000), 2)
    .action(async (options: { cluster: string; service: string[]; desired: number }) => {
      const runtime = cliRuntime();
      const clients = {
        ecs: new ECSClient({ region: runtime.config.region }),
        autoScaling: new AutoScalingClient({ region: runtime.config.region }),
      };
      const fleet = await createExampleFleet(clients, {
        cluster: options.cluster,
        services: options.service,
        desired: options.desired,
      });
      process.stdout.write(
        `cluster ${fleet.cluster}: services ${fleet.services.join(", ")} at ${options.desired}; ` +
          `Auto Scaling group ${fleet.autoScalingGroup}; capacity provider ${fleet.capacityProvider}\n`,
      );
    });
  local
    .command("load <target> <value>")
    .description(
      "publish a steady value of the target's first load metric (as its policy names it) for the last --seconds, as a service would",
    )
    .option(
      "--seconds <n>",
      "how far back the datapoints reach (one every --step seconds, up to now)",
      integerOption(1, 3600),
      60,
    )
    .option("--step <n>", "seconds between datapoints", integerOption(1, 60), 10)
    .action(async (targetId: string, value: string, options: { seconds: number; step: number }) => {
      const v = Number(value);
      if (!Number.isFinite(v) || v < 0)
        throw new DriftlessError(`value: expected a number >= 0, got "${value}"`);
      const runtime = cliRuntime();
      const record = await runtime.deps.policies.get(targetId);
      if (!record)
        throw new DriftlessError(`no policy for target ${targetId}; store one with: driftless policy put`);
      const metric = validatePolicy(record.body, `policy for ${targetId}`).load?.metrics[0];
      if (!metric) throw new DriftlessError(`the policy of ${targetId} has no load metric to publish`);
      const now = Math.floor(runtime.deps.clock.now());
      const times = Array.from(
        { length: Math.floor(options.seconds / options.step) + 1 },
        (_, i) => now - options.seconds + i * options.step,
      );
      const cloudwatch = new CloudWatchClient({ region: runtime.config.region });
      await cloudwatch.send(
        new PutMetricDataCommand({
          Namespace: metric.namespace,
          MetricData: times.map((t) => ({
            MetricName: metric.name,
            Dimensions: Object.entries(metric.dimensions).map(([Name, Value]) => ({ Name, Value })),
            Timestamp: new Date(t * 1000),
            Value: v,
            StorageResolution: 1,
          })),
        }),
      );
      process.stdout.write(
        `${metric.namespace} ${metric.name} = ${v} (${metric.per === "replica" ? "per replica" : "total"}) at ${times.length} times over the last ${options.seconds} s\n`,
      );
    });
}
