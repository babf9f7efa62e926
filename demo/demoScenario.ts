/** One phase of the demo's compressed scenario: offered load (concurrent requests) over real seconds. */
export interface DemoPhase {
  readonly name: string;
  readonly untilS: number;
  /** Offered load at the phase's start and end (linear in between). */
  readonly fromLoad: number;
  readonly toLoad: number;
}

/** The default scenario, about two minutes: quiet, a burst, a plateau, the burst fading, quiet again. */
export const DEMO_PHASES: readonly DemoPhase[] = [
  { name: "quiet", untilS: 20, fromLoad: 6, toLoad: 8 },
  { name: "burst", untilS: 30, fromLoad: 8, toLoad: 55 },
  { name: "plateau", untilS: 65, fromLoad: 55, toLoad: 55 },
  { name: "fading", untilS: 80, fromLoad: 55, toLoad: 12 },
  { name: "quiet again", untilS: 125, fromLoad: 12, toLoad: 10 },
];

/** The phase and offered load at `elapsedS` seconds into the scenario (scaled to `totalS`). */
export function demoLoadAt(
  elapsedS: number,
  totalS: number,
  phases = DEMO_PHASES,
): { phase: string; load: number } {
  const scale = (phases.at(-1)?.untilS ?? 1) / totalS;
  const t = elapsedS * scale;
  let start = 0;
  for (const p of phases) {
    if (t < p.untilS) {
      const f = (t - start) / (p.untilS - start);
      return { phase: p.name, load: p.fromLoad + (p.toLoad - p.fromLoad) * f };
    }
    start = p.untilS;
  }
  const last = phases.at(-1);
  return { phase: last?.name ?? "done", load: last?.toLoad ?? 0 };
}
