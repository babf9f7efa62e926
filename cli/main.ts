import { Command } from "commander";
import { registerDecideCommand } from "./commands/decideCommand";

/** Builds the `driftless` command line. */
export function buildProgram(): Command {
  const program = new Command("driftless")
    .description("driftless: drift-free, Ray Serve-compatible autoscaling for GPU inference on AWS")
    .showHelpAfterError()
    .exitOverride((error) => {
      // Usage errors are invalid input: exit status 2, like every other refusal.
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerDecideCommand(program);
  return program;
}

await buildProgram().parseAsync(process.argv);
