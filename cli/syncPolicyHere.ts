import { type SyncOutcome, syncPolicyChange } from "../functions/policy-sync/syncPolicyChange";
import { toPolicyItem } from "../shared/aws/toPolicyItem";
import type { PolicyRecord } from "../shared/engine/ports/PolicyStore";
import type { CliContext } from "./CliContext";
import { cliRuntime } from "./createCliContext";
import { isLocalEndpoint } from "./localEndpoint";

/**
 * Whether `policy put|pause|resume|delete` runs policy-sync itself: `--sync`/`--no-sync` when given,
 * else when AWS_ENDPOINT_URL is a loopback emulator, which has no stream feeding a policy-sync
 * function (on AWS the stream does it within seconds, so the CLI leaves it to the deployed function).
 */
export function syncHere(
  flag: boolean | undefined,
  env: Readonly<Record<string, string | undefined>>,
): boolean {
  return flag ?? isLocalEndpoint(env.AWS_ENDPOINT_URL);
}

/**
 * Runs the policy-sync function's own logic on one change, as the stream would deliver it: the
 * policy's status and last known-good body are recorded and its alarms created, updated or deleted.
 */
export async function syncPolicyHere(
  ctx: CliContext,
  change: { readonly record: PolicyRecord } | { readonly removed: string },
): Promise<SyncOutcome> {
  const alarms = cliRuntime().alarms;
  if ("removed" in change) {
    return syncPolicyChange(ctx, alarms, {
      itemIdentifier: `cli:${change.removed}:removed`,
      targetId: change.removed,
      kind: "remove",
      item: null,
    });
  }
  const { record } = change;
  return syncPolicyChange(ctx, alarms, {
    itemIdentifier: `cli:${record.targetId}:v${record.version}`,
    targetId: record.targetId,
    kind: "upsert",
    item: toPolicyItem(record, record.version),
  });
}

/** One line saying what the sync did. */
export function describeSync(outcome: SyncOutcome): string {
  if (outcome.valid === null) {
    return `synced here: alarms ${outcome.removed.length > 0 ? `removed (${outcome.removed.join(", ")})` : "none to remove"}`;
  }
  if (!outcome.valid) return "synced here: status INVALID (the old alarms are kept)";
  const changes = [
    ...(outcome.alarms.length > 0 ? [`alarms written: ${outcome.alarms.join(", ")}`] : []),
    ...(outcome.removed.length > 0 ? [`alarms removed: ${outcome.removed.join(", ")}`] : []),
  ];
  return `synced here: status valid; ${changes.length > 0 ? changes.join("; ") : "alarms already as the policy needs them"}`;
}
