import type { Command } from "commander";
import type { CliContext } from "../CliContext";
import { formatExplain } from "../format/formatExplain";
import { integerOption } from "../optionParsers";
import { requireKnownTarget } from "../requireKnownTarget";

/** Registers `driftless explain <target>`: the last decisions with their traces, readable. */
export function registerExplainCommand(program: Command, context: () => CliContext): void {
  program
    .command("explain <target>")
    .description("the last decisions of a target with every step of their traces")
    .option("-n, --limit <n>", "how many decisions (1-1000)", integerOption(1, 1000), 5)
    .option("--json", "print the history records as JSON")
    .action(async (targetId: string, options: { limit: number; json?: boolean }) => {
      const ctx = context();
      const records = await ctx.log.recent(targetId, options.limit);
      if (records.length === 0) await requireKnownTarget(ctx, targetId);
      ctx.out(
        options.json ? JSON.stringify(records, null, 2) : formatExplain(targetId, records, ctx.clock.now()),
      );
    });
}
