import { Rng } from "../Rng";
import { generateArrivals } from "./generateArrivals";
import type { StageSpec, Trace } from "./Trace";
import type { Workload } from "./Workload";

/**
 * Draws a trace's requests for `seed`: Poisson arrivals along its rate (or the request log's own
 * arrivals) and every stage's work (from the request's tokens when the stage has a token model).
 */
export function generateWorkload(trace: Trace, seed: number): Workload {
  const root = new Rng(seed);
  const arrivals = trace.requests
    ? trace.requests.t.filter((t) => t >= 0 && t < trace.durationS)
    : generateArrivals(trace.rate, trace.durationS, root.fork("arrivals"));
  const n = arrivals.length;
  const firstOutputS: Float64Array[] = [];
  const serviceS: Float64Array[] = [];
  for (const [k, stage] of trace.stages.entries()) {
    const first = new Float64Array(n);
    const service = new Float64Array(n);
    if (stage.tokens && trace.requests) fromTokens(stage, trace, first, service);
    else drawWork(stage, root.fork(`work:${k}`), first, service);
    firstOutputS.push(first);
    serviceS.push(service);
  }
  return { arrivals, firstOutputS, serviceS };
}

/** Prefill and decode at batch 1 from each request's tokens (the replica adds batching and queueing). */
function fromTokens(stage: StageSpec, trace: Trace, first: Float64Array, service: Float64Array): void {
  const model = stage.tokens!;
  const log = trace.requests!;
  let i = 0;
  for (let j = 0; j < log.t.length && i < first.length; j++) {
    const t = log.t[j]!;
    if (!(t >= 0 && t < trace.durationS)) continue;
    first[i] = model.prefillOverheadS + log.inputTokens[j]! / model.prefillTokensPerS;
    service[i] = log.outputTokens[j]! * model.decodeSPerToken;
    i++;
  }
}

function drawWork(stage: StageSpec, rng: Rng, first: Float64Array, service: Float64Array): void {
  for (let i = 0; i < first.length; i++) {
    first[i] = stage.firstOutput.meanS > 0 ? rng.lognormal(stage.firstOutput.meanS, stage.firstOutput.cv) : 0;
    let s = rng.lognormal(stage.service.meanS, stage.service.cv);
    const spike = stage.spike;
    // Always draw, so a stage with spikes consumes the same stream positions whatever the outcome.
    const u = rng.next();
    const f = rng.uniform(spike?.factor[0] ?? 1, spike?.factor[1] ?? 1);
    if (spike && u < spike.probability) s *= f;
    service[i] = s;
  }
}
