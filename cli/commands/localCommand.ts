import type { Command } from "commander";
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
}
