import type { Command } from "commander";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import type { CliContext } from "../CliContext";

/** Registers `driftless settings show|kill-switch on|off`: the global settings item. */
export function registerSettingsCommand(program: Command, context: () => CliContext): void {
  const settings = program.command("settings").description("global settings: the kill switch and ceilings");
  settings
    .command("show")
    .description("print the global settings")
    .action(async () => {
      const ctx = context();
      ctx.out(JSON.stringify(await ctx.states.getSettings(), null, 2));
    });
  settings
    .command("kill-switch <state>")
    .description("on: stop every action (measuring and logging go on); off: act again")
    .action(async (state: string) => {
      if (state !== "on" && state !== "off") throw new DriftlessError('kill-switch takes "on" or "off"');
      const ctx = context();
      const current = await ctx.states.getSettings();
      await ctx.states.putSettings({ ...current, killSwitch: state === "on" });
      ctx.out(`kill switch ${state}`);
    });
}
