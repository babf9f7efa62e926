import "./quietNodeVersionWarning";
import { Command } from "commander";
import { DriftlessError } from "../shared/errors/DriftlessError";
import { PolicyValidationError } from "../shared/errors/PolicyValidationError";
import { registerDecideCommand } from "./commands/decideCommand";
import { registerExplainCommand } from "./commands/explainCommand";
import { registerForecastCommand } from "./commands/forecastCommand";
import { registerInvokeCommand } from "./commands/invokeCommand";
import { registerLocalCommand } from "./commands/localCommand";
import { registerPolicyCommand } from "./commands/policyCommand";
import { registerSettingsCommand } from "./commands/settingsCommand";
import { registerSimulateCommand } from "./commands/simulateCommand";
import { registerStatusCommand } from "./commands/statusCommand";
import { registerTickCommand } from "./commands/tickCommand";
import { createCliContext } from "./createCliContext";

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
  registerSimulateCommand(program);
  registerPolicyCommand(program, createCliContext);
  registerStatusCommand(program, createCliContext);
  registerExplainCommand(program, createCliContext);
  registerForecastCommand(program);
  registerTickCommand(program, createCliContext);
  registerSettingsCommand(program, createCliContext);
  registerInvokeCommand(program);
  registerLocalCommand(program);
  return program;
}

try {
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  // Refusals (invalid input, conflicts, missing configuration) exit 2 with the whole message; bugs exit 1.
  if (error instanceof DriftlessError) {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = error instanceof PolicyValidationError || error.name !== "AwsCallError" ? 2 : 1;
  } else {
    process.stderr.write(`${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  }
}
