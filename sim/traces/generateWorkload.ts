import { Rng } from "../Rng";
import { generateArrivals } from "./generateArrivals";
import type { Trace } from "./Trace";
import type { Workload } from "./Workload";

/** Draws a trace's requests for `seed`: Poisson arrivals along its rate and every stage's work. */
export function generateWorkload(trace: Trace, seed: number): Workload {
  const root = new Rng(seed);
  const arrivals = generateArrivals(trace.rate, trace.durationS, root.fork("arrivals"));
  const n = arrivals.length;
  const firstOutputS: Float64Array[] = [];
  const serviceS: Float64Array[] = [];
  for (const [k, stage] of trace.stages.entries()) {
    const rng = root.fork(`work:${k}`);
    const first = new Float64Array(n);
    const service = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      first[i] =
        stage.firstOutput.meanS > 0 ? rng.lognormal(stage.firstOutput.meanS, stage.firstOutput.cv) : 0;
      let s = rng.lognormal(stage.service.meanS, stage.service.cv);
      const spike = stage.spike;
      // Always draw, so a stage with spikes consumes the same stream positions whatever the outcome.
      const u = rng.next();
      const f = rng.uniform(spike?.factor[0] ?? 1, spike?.factor[1] ?? 1);
      if (spike && u < spike.probability) s *= f;
      service[i] = s;
    }
    firstOutputS.push(first);
    serviceS.push(service);
  }
  return { arrivals, firstOutputS, serviceS };
}
