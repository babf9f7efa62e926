/**
 * How long one forecast takes (the simulator makes one per simulated hour per target): 14 days of
 * 60 s history, and 63 days of 300 s history, in UTC and in America/New_York. Prints figures; no asserts.
 * Run: npx tsx bench/forecastBench.ts
 */
import { forecastLoad } from "../shared/forecast/forecastLoad";

const DAY = 86_400;
const now = Date.UTC(2026, 11, 1) / 1000;
const load = (t: number) => 2 + 20 * Math.max(0, Math.sin(((t % DAY) / DAY) * 2 * Math.PI));

for (const [days, periodS] of [
  [14, 60],
  [63, 300],
] as const) {
  const history = [];
  for (let t = now - days * DAY; t < now; t += periodS) history.push({ t, v: load(t) });
  for (const timezone of ["UTC", "America/New_York"]) {
    for (let i = 0; i < 20; i++) forecastLoad({ history, now, options: { timezone } }); // warm-up (JIT)
    const runs = 100;
    const start = performance.now();
    for (let i = 0; i < runs; i++) forecastLoad({ history, now: now + i * 3600, options: { timezone } });
    const ms = (performance.now() - start) / runs;
    console.log(
      `${days} days at ${periodS} s (${history.length} points), ${timezone}: ${ms.toFixed(1)} ms per forecast`,
    );
  }
}
