import type { ResolvedPolicy } from "../../shared/policy/ResolvedPolicy";
import { scheduleWindowActivity } from "../../shared/policy/scheduleWindowActivity";

/** A schedule window's occurrence on a chart: minutes after the trace start. */
export interface ScheduleBand {
  readonly name: string;
  readonly fromMinute: number;
  readonly toMinute: number;
}

/**
 * Every occurrence of the policies' schedule windows between `start` and `end` (epoch seconds), as
 * minutes after `start`, from when each takes effect (its lead included) to its end; one per window
 * name and occurrence (stages sharing a schedule show it once).
 */
export function scheduleBands(
  policies: readonly ResolvedPolicy[],
  start: number,
  end: number,
): ScheduleBand[] {
  const bands = new Map<string, ScheduleBand>();
  for (const policy of policies) {
    for (const window of policy.schedules) {
      const name = window.name;
      let t = start;
      for (let guard = 0; t < end && guard < 10_000; guard++) {
        const a = scheduleWindowActivity(window, t);
        if (a.active) {
          const from = Math.max(start, a.since ?? t);
          const to = Math.min(end, a.until ?? end);
          const band = { name, fromMinute: (from - start) / 60, toMinute: (to - start) / 60 };
          bands.set(`${name}@${band.fromMinute}`, band);
          if (to <= t) break;
          t = to;
        } else {
          if (a.nextStart === null || a.nextStart <= t) break;
          t = a.nextStart;
        }
      }
    }
  }
  return [...bands.values()].sort((a, b) => a.fromMinute - b.fromMinute);
}
