import type { DecisionRecord } from "../../shared/engine/ports/DecisionLog";
import { formatForecastFloor } from "./formatForecastFloor";
import { formatTime } from "./formatTime";
import { formatWarmPool } from "./formatWarmPool";

/** `driftless explain`: the newest decisions first, each with what it saw (the forecast floor too) and every step of its trace. */
export function formatExplain(targetId: string, records: readonly DecisionRecord[], now: number): string {
  if (records.length === 0) return `${targetId}: no decisions recorded`;
  return records
    .map((r) => {
      const head = `${formatTime(r.at, now)}  ${r.previousTarget} -> ${r.desiredReplicas} (${r.direction})${r.acted ? "  [acted]" : ""}${r.heldBy ? `  [${r.heldBy}: not acted on]` : ""}`;
      const seen = `  saw: running ${r.running}, pending ${r.pending}, load ${r.load === null ? "unreadable" : round(r.load)}, metric age ${r.metricAgeS === null ? "-" : `${round(r.metricAgeS)} s`}, policy v${r.policyVersion ?? "-"}`;
      const timing =
        r.intendedAt === null
          ? ""
          : `\n  intended ${formatTime(r.intendedAt, now)}, lateness ${r.latenessMs ?? 0} ms`;
      const steps = r.trace.map(
        (s) => `    ${s.step.padEnd(12)} ${s.out === null ? "" : `-> ${round(s.out)}  `}${s.note}`,
      );
      const warm = r.warmPool ? [`  ${formatWarmPool(r.warmPool)}`] : [];
      const forecast = r.forecast ? [`  ${formatForecastFloor(r.forecast, now)}`] : [];
      return [head, `  reason: ${r.reason}`, seen + timing, ...warm, ...forecast, "  trace:", ...steps].join(
        "\n",
      );
    })
    .join("\n\n");
}

const round = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(2));
