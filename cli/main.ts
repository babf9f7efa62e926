import "./quietNodeVersionWarning";
import { readFileSync } from "node:fs";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { Command } from "commander";
import { registerDecideCommand } from "./commands/decideCommand";
import { registerExplainCommand } from "./commands/explainCommand";
import { registerForecastCommand } from "./commands/forecastCommand";
import { registerHistoryCommand } from "./commands/historyCommand";
import { registerInvokeCommand } from "./commands/invokeCommand";
import { registerLocalCommand } from "./commands/localCommand";
import { registerPolicyCommand } from "./commands/policyCommand";
import { registerSettingsCommand } from "./commands/settingsCommand";
import { registerSimulateCommand } from "./commands/simulateCommand";
import { registerStatusCommand } from "./commands/statusCommand";
import { registerTickCommand } from "./commands/tickCommand";
import { createCliContext } from "./createCliContext";
import { describeCliError } from "./describeCliError";
import { localEmulatorDefaults } from "./localEndpoint";

const { version } = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
  version: string;
};

/** Builds the `driftless` command line. */
export function buildProgram(): Command {
  const program = new Command("driftless")
    .description("driftless: drift-free, Ray Serve-compatible autoscaling for GPU inference on AWS")
    .version(version, "-V, --version", "print the driftless version")
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
  registerHistoryCommand(program, createCliContext);
  registerTickCommand(program, createCliContext);
  registerSettingsCommand(program, createCliContext);
  registerInvokeCommand(program);
  registerLocalCommand(program);
  return program;
}

/**
 * The AWS setup the operator has, completed: an emulator on this machine gets its dummy
 * credentials and a region; against AWS the region may come from the profile (AWS_PROFILE), as the
 * AWS CLI reads it. Credentials are left to the SDK's standard chain.
 */
async function completeAwsEnvironment(env: NodeJS.ProcessEnv): Promise<void> {
  Object.assign(env, localEmulatorDefaults(env));
  if (env.AWS_REGION) return;
  const region = await new DynamoDBClient({}).config.region().catch(() => undefined);
  if (region) env.AWS_REGION = region;
}

try {
  await completeAwsEnvironment(process.env);
  await buildProgram().parseAsync(process.argv);
} catch (error) {
  const failure = describeCliError(error, process.env);
  process.stderr.write(`${failure.message}\n`);
  process.exitCode = failure.exitCode;
}
