import type { PolicyRecord } from "../../shared/engine/ports/PolicyStore";
import type { ServiceCounts } from "../../shared/engine/ports/ServiceScaler";
import type { TargetState } from "../../shared/engine/ports/TargetState";
import { formatForecastFloor } from "./formatForecastFloor";
import { formatTable } from "./formatTable";
import { formatTime } from "./formatTime";
import { formatWarmPool } from "./formatWarmPool";
import { invalidPolicyHeadline, policyHealth, type RunningHolds } from "./policyHealth";

export interface StatusRow {
  readonly targetId: string;
  readonly policy: PolicyRecord | undefined;
  readonly state: TargetState | undefined;
  readonly counts: ServiceCounts | undefined;
  /** Why the target's service could not be read now (e.g. `ECS service nope not found in cluster c`). */
  readonly error?: string | undefined;
  /** Why driftless does not act (another controller of the service or group), as judged now. */
  readonly ownership?: readonly string[];
  /** Who sets the target's instances, when there is something to say (capacity auto's choice, a shared group). */
  readonly capacity?: readonly string[];
}

/**
 * `driftless status`: per target, the policy version and validity (judged as `policy list` judges
 * it), decided target, ECS counts, the last decision with its reason and lateness, any pending
 * delay with when it fires, the forecast floor it saw, the target's error, and every problem of an invalid policy.
 */
export function formatStatus(rows: readonly StatusRow[], now: number): string {
  const table = formatTable(
    ["TARGET", "POLICY", "VALID", "TARGET#", "DESIRED", "RUNNING", "PENDING", "LAST DECISION", "LATENESS"],
    rows.map((r) => {
      const s = r.state;
      const health = policyHealth(r.policy, s);
      return [
        r.targetId,
        r.policy ? `v${r.policy.version}` : "deleted",
        health.valid === null ? "-" : health.valid ? "yes" : "NO",
        s?.target === null || s?.target === undefined ? "-" : String(s.target),
        r.counts ? String(r.counts.desired) : "-",
        r.counts ? String(r.counts.running) : "-",
        r.counts ? String(r.counts.pending) : "-",
        s?.lastDecision ? formatTime(s.lastDecision.at, now) : "-",
        s?.lastDecision?.latenessMs === null || s?.lastDecision?.latenessMs === undefined
          ? "-"
          : `${s.lastDecision.latenessMs} ms`,
      ];
    }),
  );
  const details = rows.flatMap((r) => {
    const lines = detailLines(r, now);
    return lines.length > 0 ? [`${r.targetId}:`, ...lines] : [];
  });
  return details.length > 0 ? `${table}\n\n${details.join("\n")}` : table;
}

function detailLines(r: StatusRow, now: number): string[] {
  const s = r.state;
  const lines: string[] = [];
  if (r.error) lines.push(`  error: ${r.error}`);
  for (const said of r.ownership ?? []) lines.push(`  conflict: ${said}`);
  for (const said of r.capacity ?? []) lines.push(`  capacity: ${said}`);
  if (!r.policy) lines.push("  no policy stored: driftless no longer scales this target (its state is kept)");
  if (s?.lastDecision) lines.push(`  reason: ${s.lastDecision.reason}`);
  if (s?.lastDecision?.warmPool) lines.push(`  ${formatWarmPool(s.lastDecision.warmPool)}`);
  const health = policyHealth(r.policy, s);
  lines.push(...holdLines(r, health.holds));
  if (s?.lastDecision?.forecast) lines.push(`  ${formatForecastFloor(s.lastDecision.forecast, now)}`);
  const delay = s?.lastDecision?.pendingDelay;
  if (delay) {
    lines.push(
      `  pending: scale ${delay.direction} to ${delay.wanted} wanted since ${formatTime(delay.since, now)}, fires at ${formatTime(delay.firesAt, now)}`,
    );
  }
  if (r.policy && health.valid === false) {
    lines.push(
      `  ${invalidPolicyHeadline(r.policy, s)}`,
      ...health.problems.map((p) => `    ${p.path}: ${p.message}`),
    );
  }
  if (s?.action && s.action.appliedAt === null) {
    lines.push(
      `  action ${s.action.id} (desired ${s.action.desiredReplicas}) not applied yet${s.action.error ? `: ${s.action.error}` : ""}`,
    );
  }
  return lines;
}

/** What holds the target back, as the runtime applies it: the pause kind, and shadow mode's comparison. */
function holdLines(r: StatusRow, holds: RunningHolds): string[] {
  const lines: string[] = [];
  if (holds.paused === true) lines.push("  paused: deciding nothing and acting on nothing");
  if (holds.paused === "scale_in") lines.push("  paused scale_in: scale-downs are held, scale-ups go on");
  if (holds.paused === "scale_out") lines.push("  paused scale_out: scale-ups are held, scale-downs go on");
  if (holds.shadow) {
    const target = r.state?.target ?? null;
    const would = target === null ? "no decision yet" : `would set ${target}`;
    const has = r.counts ? `service has ${r.counts.desired}` : "service count unknown";
    lines.push(`  shadow: ${would}, ${has} (nothing is called on ECS or Auto Scaling)`);
  }
  return lines;
}
