import { AutoScalingClient } from "@aws-sdk/client-auto-scaling";
import { ECSClient } from "@aws-sdk/client-ecs";
import type { Command } from "commander";
import { createExampleFleet } from "../../demo/createExampleFleet";
import { bootstrapTables } from "../../shared/runtime/bootstrapTables";
import { cliRuntime } from "../createCliContext";

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
    .option("--desired <n>", "initial desired count", (v) => Number.parseInt(v, 10), 2)
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
}
