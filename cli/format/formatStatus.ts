import type { PolicyRecord } from "../../shared/engine/ports/PolicyStore";
import type { ServiceCounts } from "../../shared/engine/ports/ServiceScaler";
import type { TargetState } from "../../shared/engine/ports/TargetState";
import { formatTable } from "./formatTable";
import { formatTime } from "./formatTime";

export interface StatusRow {
  readonly targetId: string;
  readonly policy: PolicyRecord | undefined;
  readonly state: TargetState | undefined;
  readonly counts: ServiceCounts | undefined;
}

/**
 * `driftless status`: per target, the policy version and validity, decided target, ECS counts,
 * the last decision with its reason and lateness, any pending delay with when it fires, and
 * every problem of an invalid policy.
 */
export function formatStatus(rows: readonly StatusRow[], now: number): string {
  const table = formatTable(
    ["TARGET", "POLICY", "VALID", "TARGET#", "DESIRED", "RUNNING", "PENDING", "LAST DECISION", "LATENESS"],
    rows.map((r) => {
      const s = r.state;
      const valid = s?.policyStatus ? (s.policyStatus.valid ? "yes" : "NO") : "?";
      return [
        r.targetId,
        r.policy ? `v${r.policy.version}` : "deleted",
        valid,
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
    const s = r.state;
    const lines: string[] = [];
    if (s?.lastDecision) lines.push(`  reason: ${s.lastDecision.reason}`);
    const delay = s?.lastDecision?.pendingDelay;
    if (delay) {
      lines.push(
        `  pending: scale ${delay.direction} to ${delay.wanted} wanted since ${formatTime(delay.since, now)}, fires at ${formatTime(delay.firesAt, now)}`,
      );
    }
    if (s?.policyStatus && !s.policyStatus.valid) {
      lines.push(
        `  policy v${s.policyStatus.version} is INVALID; running last known-good v${s.lastKnownGood?.version ?? "-"}:`,
        ...s.policyStatus.problems.map((p) => `    ${p.path}: ${p.message}`),
      );
    }
    if (s?.action && s.action.appliedAt === null) {
      lines.push(
        `  action ${s.action.id} (desired ${s.action.desiredReplicas}) not applied yet${s.action.error ? `: ${s.action.error}` : ""}`,
      );
    }
    return lines.length > 0 ? [`${r.targetId}:`, ...lines] : [];
  });
  return details.length > 0 ? `${table}\n\n${details.join("\n")}` : table;
}
