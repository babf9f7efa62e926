import type { Rng } from "../Rng";
import type { RatePoint } from "./Trace";

/**
 * Arrival times (seconds after the start, ascending) of a Poisson process whose rate follows `rate`
 * linearly between points, over [0, durationS): per segment a homogeneous process at the segment's
 * peak rate, thinned to the interpolated rate (Lewis-Shedler thinning).
 */
export function generateArrivals(rate: readonly RatePoint[], durationS: number, rng: Rng): Float64Array {
  let out = new Float64Array(1024);
  let n = 0;
  for (let i = 0; i + 1 < rate.length; i++) {
    const a = rate[i]!;
    const b = rate[i + 1]!;
    const from = Math.max(0, a.t);
    const to = Math.min(durationS, b.t);
    if (to <= from) continue;
    const peak = Math.max(a.rps, b.rps);
    if (!(peak > 0)) continue;
    const slope = b.t > a.t ? (b.rps - a.rps) / (b.t - a.t) : 0;
    let t = from;
    for (;;) {
      t += rng.exponential(peak);
      if (t >= to) break;
      const r = a.rps + slope * (t - a.t);
      if (r >= peak || rng.next() * peak < r) {
        if (n === out.length) {
          const grown = new Float64Array(out.length * 2);
          grown.set(out);
          out = grown;
        }
        out[n++] = t;
      }
    }
  }
  return out.slice(0, n);
}
