import { timelineAt } from "./timelineAt";
import type { Timeline } from "./World";

/** The sum of step-function timelines, as one timeline with a point wherever any of them changes. */
export function sumTimelines(timelines: readonly Timeline[]): Timeline {
  if (timelines.length === 1) return timelines[0]!;
  const times = [...new Set(timelines.flatMap((tl) => tl.t))].sort((a, b) => a - b);
  const v = times.map((t) => timelines.reduce((s, tl) => s + timelineAt(tl, t), 0));
  return { t: times, v };
}
