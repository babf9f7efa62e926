import type { Command } from "commander";
import type { ServiceCounts } from "../../shared/engine/ports/ServiceScaler";
import { parsePolicy } from "../../shared/policy/parsePolicy";
import type { CliContext } from "../CliContext";
import { formatStatus, type StatusRow } from "../format/formatStatus";

/** Registers `driftless status [target]`: what every target is doing and why. */
export function registerStatusCommand(program: Command, context: () => CliContext): void {
  program
    .command("status [target]")
    .description("per target: policy version and validity, counts, last decision and reason, pending delay")
    .action(async (targetId: string | undefined) => {
      const ctx = context();
      const records = targetId
        ? [await ctx.policies.get(targetId)].filter((r) => r !== undefined)
        : await ctx.policies.list();
      const ids = targetId ? [targetId] : records.map((r) => r.targetId);
      const states = await ctx.states.getMany(ids);
      const counts = new Map<string, ServiceCounts>();
      const byCluster = new Map<string, { id: string; service: string }[]>();
      for (const r of records) {
        const parsed = parsePolicy(r.body);
        const body = parsed.ok ? r.body : (states.get(r.targetId)?.lastKnownGood?.body ?? r.body);
        const target = body.target as { cluster?: unknown; service?: unknown } | undefined;
        if (typeof target?.cluster === "string" && typeof target.service === "string") {
          byCluster.set(target.cluster, [
            ...(byCluster.get(target.cluster) ?? []),
            { id: r.targetId, service: target.service },
          ]);
        }
      }
      for (const [cluster, members] of byCluster) {
        try {
          const found = await ctx.services.describe(
            cluster,
            members.map((m) => m.service),
          );
          for (const m of members) {
            const c = found.get(m.service);
            if (c) counts.set(m.id, c);
          }
        } catch {
          // Status still shows the stored state when ECS cannot be read.
        }
      }
      const rows: StatusRow[] = ids.sort().map((id) => ({
        targetId: id,
        policy: records.find((r) => r.targetId === id),
        state: states.get(id),
        counts: counts.get(id),
      }));
      const settings = await ctx.states.getSettings();
      const banner = settings.killSwitch
        ? "KILL SWITCH ON: no actions are taken (measuring and logging go on)\n\n"
        : "";
      ctx.out(banner + formatStatus(rows, ctx.clock.now()));
    });
}
