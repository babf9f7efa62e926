import type { Datapoint } from "../../../shared/metrics/Datapoint";

/** Monday 2026-11-02 00:00:00 UTC. */
export const MONDAY = Date.UTC(2026, 10, 2) / 1000;
export const DAY = 86_400;

/** A load of 2 all day with a burst of 20 from 14:30 to 15:00 UTC. */
export const dailyBurst = (t: number): number => {
  const s = (((t % DAY) + DAY) % DAY) / 60;
  return s >= 14 * 60 + 30 && s < 15 * 60 ? 20 : 2;
};

/** Datapoints of `load` every `periodS` over [fromS, toS). */
export function series(fromS: number, toS: number, load: (t: number) => number, periodS = 60): Datapoint[] {
  const points: Datapoint[] = [];
  for (let t = fromS; t < toS; t += periodS) points.push({ t, v: load(t) });
  return points;
}

/** The forecast slot value covering `at`. */
export function valueAt(forecast: { startS: number; stepS: number; values: readonly number[] }, at: number) {
  return forecast.values[Math.floor((at - forecast.startS) / forecast.stepS)];
}
