import type { Command } from "commander";
import { evaluateRound, type RoundReport } from "../../shared/engine/evaluateRound";
import { runTickLoop } from "../../shared/engine/runTickLoop";
import { tickWindowEnd } from "../../shared/engine/tickWindow";
import type { CliContext } from "../CliContext";

/** Registers `driftless tick [--once]`: the evaluation loop, run here against the configured endpoint. */
export function registerTickCommand(program: Command, context: () => CliContext): void {
  program
    .command("tick")
    .description(
      "evaluate every target now (--once) or loop every evaluation interval for a minute, like the tick function",
    )
    .option("--once", "one round, then exit")
    .option("--target <id...>", "only these targets")
    .option("--json", "print the round reports as JSON")
    .action(async (options: { once?: boolean; target?: string[]; json?: boolean }) => {
      const ctx = context();
      const scope = options.target ? { targetIds: options.target } : {};
      const reports: RoundReport[] = options.once
        ? [await evaluateRound(ctx, scope)]
        : await runTickLoop(ctx, {
            ...scope,
            intervalS: ctx.config.evaluationIntervalS,
            until: tickWindowEnd({ start: ctx.clock.now(), intervalS: ctx.config.evaluationIntervalS }),
          });
      const failed = new Set(reports.flatMap((r) => r.outcomes.filter((o) => o.status === "error")));
      // A failed target is a failed run: scripts and CI see it in the exit status, not only in the text.
      if (failed.size > 0) process.exitCode = 1;
      if (options.json) {
        ctx.out(JSON.stringify(reports.map(summarize), null, 2));
        return;
      }
      for (const report of reports) {
        for (const o of report.outcomes) {
          const d = o.record;
          ctx.out(
            d
              ? `${o.targetId}: ${d.previousTarget} -> ${d.desiredReplicas} ${o.actions.length > 0 ? `[${o.actions.join(", ")}] ` : ""}${d.reason}`
              : `${o.targetId}: ${o.status}${o.error ? `: ${o.error}` : ""}`,
          );
        }
        const calls = Object.values(report.calls).reduce((a, b) => a + b, 0);
        ctx.out(
          `round: ${report.outcomes.length} targets, ${report.actions} actions, ${report.conflicts} conflicts, ${report.errors} errors, ${calls} AWS calls, ${Math.round((report.finishedAt - report.startedAt) * 1000)} ms`,
        );
      }
      if (failed.size > 0) {
        const ids = [...new Set([...failed].map((o) => o.targetId))].sort();
        process.stderr.write(`failed: ${ids.join(", ")} (exit 1; driftless status shows why)\n`);
      }
    });
}

function summarize(report: RoundReport) {
  return {
    startedAt: report.startedAt,
    finishedAt: report.finishedAt,
    conflicts: report.conflicts,
    errors: report.errors,
    actions: report.actions,
    invalidPolicies: report.invalidPolicies,
    calls: report.calls,
    outcomes: report.outcomes.map((o) => ({
      targetId: o.targetId,
      status: o.status,
      actions: o.actions,
      error: o.error,
      decision: o.record,
    })),
  };
}
