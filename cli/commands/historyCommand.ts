import type { Command } from "commander";
import type { DecisionRecord } from "../../shared/engine/ports/DecisionLog";
import type { CliContext } from "../CliContext";
import { formatTable } from "../format/formatTable";
import { formatTime } from "../format/formatTime";
import { integerOption, parseSince } from "../optionParsers";
import { requireKnownTarget } from "../requireKnownTarget";

/** Registers `driftless history <target>`: the decision history as a table, newest first. */
export function registerHistoryCommand(program: Command, context: () => CliContext): void {
  program
    .command("history <target>")
    .description("a target's decisions as a table, newest first (explain shows one with its trace)")
    .option("--since <when>", "only decisions since then: a duration back (15m, 2h, 1d) or an ISO-8601 time")
    .option("-n, --limit <n>", "at most this many decisions (1-10000)", integerOption(1, 10_000), 50)
    .option("--json", "print the history records as JSON")
    .action(async (targetId: string, options: { since?: string; limit: number; json?: boolean }) => {
      const ctx = context();
      const now = ctx.clock.now();
      // Parsed before any AWS call, so a bad --since is refused as a usage error.
      const since = options.since === undefined ? undefined : parseSince(options.since, now);
      const records = await readSince(ctx, targetId, since, options.limit);
      if (records.length === 0) await requireKnownTarget(ctx, targetId);
      if (options.json) {
        ctx.out(JSON.stringify(records, null, 2));
        return;
      }
      if (records.length === 0) {
        ctx.out(
          `${targetId}: no decisions recorded${since === undefined ? "" : ` since ${formatTime(since, now)}`}`,
        );
        return;
      }
      ctx.out(formatHistory(records, now));
    });
}

/** The newest `limit` records, newest first, less those before `since`. */
async function readSince(
  ctx: CliContext,
  targetId: string,
  since: number | undefined,
  limit: number,
): Promise<DecisionRecord[]> {
  const records = await ctx.log.recent(targetId, limit);
  return since === undefined ? records : records.filter((r) => r.at >= since);
}

/** One row per decision: when, the change, what it saw, whether it acted, its lateness and reason. */
export function formatHistory(records: readonly DecisionRecord[], now: number): string {
  return formatTable(
    ["AT", "CHANGE", "RUNNING", "LOAD", "ACTED", "LATENESS", "POLICY", "REASON"],
    records.map((r) => [
      formatTime(r.at, now),
      `${r.previousTarget} -> ${r.desiredReplicas}`,
      String(r.running),
      r.load === null ? "unreadable" : Number.isInteger(r.load) ? String(r.load) : r.load.toFixed(2),
      r.acted ? "yes" : "no",
      r.latenessMs === null ? "-" : `${r.latenessMs} ms`,
      r.policyVersion === null ? "-" : `v${r.policyVersion}`,
      r.reason,
    ]),
  );
}
