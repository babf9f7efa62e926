import type { Command } from "commander";
import type { PolicyRecord } from "../../shared/engine/ports/PolicyStore";
import type { ServiceCounts } from "../../shared/engine/ports/ServiceScaler";
import type { TargetState } from "../../shared/engine/ports/TargetState";
import { DriftlessError } from "../../shared/errors/DriftlessError";
import type { CliContext } from "../CliContext";
import { formatStatus, type StatusRow } from "../format/formatStatus";
import { policyHealth } from "../format/policyHealth";
import { ownershipStatus } from "../ownershipStatus";

/** Registers `driftless status [target]`: what every target is doing and why. */
export function registerStatusCommand(program: Command, context: () => CliContext): void {
  program
    .command("status [target]")
    .description(
      "per target: policy version and validity, counts, last decision and reason, pending delay, errors",
    )
    .action(async (targetId: string | undefined) => {
      const ctx = context();
      const records = targetId
        ? [await ctx.policies.get(targetId)].filter((r) => r !== undefined)
        : await ctx.policies.list();
      const ids = targetId ? [targetId] : records.map((r) => r.targetId);
      const states = await ctx.states.getMany(ids);
      if (targetId && records.length === 0 && !states.has(targetId)) {
        throw new DriftlessError(
          `no target "${targetId}": no policy and no recorded state; list the targets with: driftless policy list`,
        );
      }
      const services = await readServices(ctx, records, states);
      // Every stored policy, so a target's rival on its service is found also when one target is asked.
      const listed = targetId ? await ctx.policies.list() : records;
      const others = await ctx.states.getMany(listed.map((r) => r.targetId).filter((id) => !states.has(id)));
      const ownership = await ownershipStatus(ctx, listed, new Map([...states, ...others]));
      const rows: StatusRow[] = ids.sort().map((id) => ({
        targetId: id,
        policy: records.find((r) => r.targetId === id),
        state: states.get(id),
        ...services(id),
        ownership: ownership.conflicts.get(id) ?? [],
        capacity: ownership.capacity.get(id) ?? [],
      }));
      const settings = await ctx.states.getSettings();
      const banner = settings.killSwitch
        ? "KILL SWITCH ON: no actions are taken (measuring and logging go on)\n\n"
        : "";
      ctx.out(banner + formatStatus(rows, ctx.clock.now()));
    });
}

/**
 * Describes every target's ECS service (one call per cluster, like the engine) and says, per target,
 * its counts or why they could not be read: the same error an evaluation of it would hit.
 */
async function readServices(
  ctx: CliContext,
  records: readonly PolicyRecord[],
  states: ReadonlyMap<string, TargetState>,
): Promise<(id: string) => { counts: ServiceCounts | undefined; error?: string }> {
  const answers = new Map<string, { counts: ServiceCounts | undefined; error?: string }>();
  const byCluster = new Map<string, { id: string; service: string }[]>();
  for (const r of records) {
    const target = policyHealth(r, states.get(r.targetId)).runningBody?.target as
      | { cluster?: unknown; service?: unknown }
      | undefined;
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
        const counts = found.get(m.service);
        answers.set(
          m.id,
          counts
            ? { counts }
            : { counts: undefined, error: `ECS service ${m.service} not found in cluster ${cluster}` },
        );
      }
    } catch (error) {
      // Status still shows the stored state when ECS cannot be read, and says why the counts are missing.
      for (const m of members) {
        answers.set(m.id, { counts: undefined, error: `cannot read ECS: ${(error as Error).message}` });
      }
    }
  }
  return (id) => answers.get(id) ?? { counts: undefined };
}
