import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { runDecideCases } from "../decideCases";

/** Registers `driftless decide --input FILE|-`: what the policy would decide, step by step. */
export function registerDecideCommand(program: Command): void {
  program
    .command("decide")
    .description(
      "replay timestamped load steps through a policy and print each decision (exit 2 on invalid input)",
    )
    .requiredOption("-i, --input <file>", "JSON file with one case or an array of cases; - reads stdin")
    .action((options: { input: string }) => {
      let text: string;
      try {
        text = readFileSync(options.input === "-" ? 0 : options.input, "utf8");
      } catch (error) {
        process.stderr.write(`cannot read ${options.input}: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      let input: unknown;
      try {
        input = JSON.parse(text);
      } catch (error) {
        process.stderr.write(`$: not valid JSON: ${(error as Error).message}\n`);
        process.exitCode = 2;
        return;
      }
      const outcome = runDecideCases(input);
      if (!outcome.ok) {
        process.stderr.write(`invalid decide input (${outcome.problems.length} problem(s)):\n`);
        for (const p of outcome.problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
        process.exitCode = 2;
        return;
      }
      process.stdout.write(`${JSON.stringify(outcome.output, null, 2)}\n`);
    });
}
