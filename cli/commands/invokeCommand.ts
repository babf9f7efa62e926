import type { Command } from "commander";
import { handleAlarm } from "../../functions/alarm/handleAlarm";
import { localContext } from "../../functions/LambdaContext";
import { handlePolicySync } from "../../functions/policy-sync/handlePolicySync";
import { handleTick } from "../../functions/tick/handleTick";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import { cliRuntime } from "../createCliContext";
import { secondsOption } from "../optionParsers";
import { readJsonFile } from "../readJsonFile";

/** Registers `driftless invoke tick|alarm|policy-sync --event FILE`: a handler run in-process, like a local Lambda invoke. */
export function registerInvokeCommand(program: Command): void {
  program
    .command("invoke <function>")
    .description("run a function's handler here with an event (tick, alarm or policy-sync)")
    .requiredOption("-e, --event <file>", "the event JSON; - reads stdin")
    .option("--timeout <seconds>", "the invocation's time budget", secondsOption(900), 70)
    .action(async (name: string, options: { event: string; timeout: number }) => {
      const event = readJsonFile(options.event);
      const runtime = cliRuntime();
      const context = localContext(options.timeout);
      let result: unknown;
      if (name === "tick") result = await handleTick(runtime, event, context);
      else if (name === "alarm") result = await handleAlarm(runtime, event, context);
      else if (name === "policy-sync") result = await handlePolicySync(runtime, event);
      else throw new DriftlessError(`no function "${name}"; use tick, alarm or policy-sync`);
      process.stdout.write(`${JSON.stringify(result, null, 2)}\n`);
    });
}
