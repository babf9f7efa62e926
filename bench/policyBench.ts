/**
 * `npm run bench:policy`: decisions per second of the pure decision pipeline on one core, for a
 * Ray-only policy and for a policy with every section in use. A benchmark, not a test: it prints
 * figures and asserts nothing (these machines are noisy; compare runs, not thresholds).
 */
import { performance } from "node:perf_hooks";
import type { Datapoint } from "../shared/metrics/Datapoint";
import { type DecisionInput, decide } from "../shared/policy/decide";
import { INITIAL_POLICY_STATE, type PolicyState } from "../shared/policy/PolicyState";
import { validatePolicy } from "../shared/policy/parsePolicy";
import type { ResolvedPolicy } from "../shared/policy/ResolvedPolicy";

const rayOnly = validatePolicy({
  min_replicas: 1,
  max_replicas: 16,
  target_ongoing_requests: 10,
  upscale_delay_s: 30,
  downscale_delay_s: 300,
  smoothing_factor: 0.5,
});

const everySection = validatePolicy({
  min_replicas: 1,
  max_replicas: 16,
  target_ongoing_requests: 10,
  upscale_delay_s: 30,
  downscale_delay_s: 300,
  downscale_to_zero_delay_s: 900,
  upscaling_factor: 1.5,
  downscaling_factor: 0.5,
  target: {
    cluster: "gpu",
    service: "llm",
    capacity: {
      auto_scaling_group: "gpu-asg",
      gpus_per_task: 1,
      gpus_per_instance: 4,
      mode: "direct",
      spare_instances: 1,
    },
  },
  load: { metrics: [{ namespace: "Driftless/Inference", name: "OngoingRequests", per: "replica" }] },
  schedules: [
    {
      name: "market-hours",
      start: "0 9 * * 1-5",
      end: "0 16 * * 1-5",
      timezone: "America/New_York",
      ready_at_start: true,
      overrides: { min_replicas: 2 },
    },
    {
      name: "batch",
      start: "0 1 * * *",
      duration_s: 7200,
      timezone: "Europe/London",
      overrides: { max_replicas: 8 },
    },
  ],
  slo: {
    metric: { namespace: "Driftless/Inference", name: "TimeToFirstToken", statistic: "p95" },
    target_ms: 800,
  },
  limits: { max_step_up: 4, max_up_per_minute: 8, max_gpus: 14, scale_in_pause_s: 120 },
  fallback: { failure_threshold: 3, action: "fixed", replicas: 2 },
});

// A deterministic load pattern (LCG), so runs are comparable.
function loads(n: number): Float64Array {
  const out = new Float64Array(n);
  let x = 12345;
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2147483648;
    const burst = Math.floor(i / 500) % 3 === 1 ? 80 : 15;
    out[i] = burst * (0.5 + x / 2147483648);
  }
  return out;
}

function run(policy: ResolvedPolicy, n: number, withSeries: boolean): { perSecond: number; ns: number } {
  const load = loads(n);
  let state: PolicyState = INITIAL_POLICY_STATE;
  let target = 2;
  let now = 1_790_000_000; // 2026-09, a weekday morning in New York
  const series: Datapoint[] = [];
  for (let k = 0; k < 6; k++) series.push({ t: now - 50 + k * 10, v: 20 });
  const start = performance.now();
  for (let i = 0; i < n; i++) {
    now += 10;
    const input: DecisionInput = {
      now,
      currentReplicas: target,
      targetReplicas: target,
      state,
      load: withSeries ? { total: load[i]!, series } : { total: load[i]! },
      latencyMs: 400 + load[i]! * 10,
    };
    const d = decide(policy, input);
    state = d.state;
    target = d.desiredReplicas;
  }
  const elapsed = (performance.now() - start) / 1000;
  return { perSecond: n / elapsed, ns: (elapsed * 1e9) / n };
}

const n = Number(process.env.BENCH_DECISIONS ?? 1_000_000);
// Warm up the JIT, then measure.
run(rayOnly, 100_000, false);
run(everySection, 50_000, true);
const ray = run(rayOnly, n, false);
const all = run(everySection, n, true);

const row = (name: string, r: { perSecond: number; ns: number }) =>
  `${name.padEnd(44)} ${Math.round(r.perSecond).toLocaleString("en-US").padStart(12)} /s ${r.ns.toFixed(0).padStart(7)} ns/decision`;
console.log(
  `decision pipeline, one core, ${n.toLocaleString("en-US")} decisions each (node ${process.version})`,
);
console.log(row("Ray-only policy", ray));
console.log(row("every section (schedules, SLO, limits, ...)", all));
console.log(
  `goal: >= 200,000 decisions/s for the Ray-only pipeline: ${ray.perSecond >= 200_000 ? "met" : "MISSED"}`,
);
