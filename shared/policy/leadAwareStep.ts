import type { Series } from "../metrics/Datapoint";
import { formatNumber as fmt } from "./formatNumber";
import { MAX_REPLICAS_CEILING } from "./PolicySchema";
import { type PolicyStep, traced } from "./PolicyStep";

/**
 * Lead-time–aware sizing (`lead.mode` `on`, a policy with a target): when the load is rising, a
 * scale-up is sized for the load expected when new capacity would arrive: the least-squares slope of
 * the load's timeline over `trend_window_s`, extrapolated by the lead time and capped at `max_factor`
 * times the load now. Only ever raises a scale-up (never lowers a count, never starts one on a falling
 * or flat load); Ray's delay still applies after it.
 */
export const leadAwareStep: PolicyStep = (replicas, { policy, input, ray, total }, state) => {
  const lead = policy.lead;
  if (state.decided || total === null || lead.mode !== "on" || policy.target === undefined)
    return { replicas, state };
  if (!(replicas > input.targetReplicas) || input.currentReplicas === 0) return { replicas, state };
  const slope = loadSlope(input.load.series ?? [], input.now - lead.trend_window_s);
  if (!(slope > 0)) return { replicas, state };
  const leadS = policy.predictive.leadTimeS;
  const expected = Math.min(total + slope * leadS, total * lead.max_factor);
  const sized = Math.min(Math.ceil(expected / ray.targetOngoingRequests - 1e-9), MAX_REPLICAS_CEILING);
  if (sized <= replicas) return { replicas, state };
  const note = `sized from ${fmt(expected)} requests expected in ${fmt(leadS)} s (rising ${fmt(slope * 60)}/min)`;
  const basis = { step: "lead", note: `${state.basis.note}; ${note}` };
  return { replicas: sized, state: traced(state, { step: "lead", out: sized, note }, { basis }) };
};

/** The least-squares slope (per second) of the points at or after `from`; 0 with fewer than 3. */
export function loadSlope(series: Series, from: number): number {
  let n = 0;
  let st = 0;
  let sv = 0;
  for (const p of series) {
    if (p.t < from) continue;
    n++;
    st += p.t;
    sv += p.v;
  }
  if (n < 3) return 0;
  const mt = st / n;
  const mv = sv / n;
  let num = 0;
  let den = 0;
  for (const p of series) {
    if (p.t < from) continue;
    num += (p.t - mt) * (p.v - mv);
    den += (p.t - mt) * (p.t - mt);
  }
  return den > 0 ? num / den : 0;
}
