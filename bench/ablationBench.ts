/**
 * `npx tsx bench/ablationBench.ts [TRACE...] [--variants a,b]`: why driftless's defaults win or lose
 * against Ray Serve, one mechanism at a time, on the bench traces (seed BENCH_SEED, default 1).
 * Variants of the Ray-fields-only bench policy (pending rule, lead awareness, metric lag) and
 * controlled instance layers (Ray's policy on driftless's ECS managed scaling, driftless on Ray's
 * cluster autoscaler) so the policy is never confused with the instance layer. Figures, not tests.
 */
import { EcsManagedScaling } from "../sim/capacity/EcsManagedScaling";
import { NodeAutoscaler } from "../sim/capacity/NodeAutoscaler";
import { STOPPED_INSTANCE_RESTART_S } from "../sim/capacity/stoppedInstanceRestart";
import { DriftlessAutoscaler, type InvocationPattern } from "../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../sim/driftless/resolveSimPolicies";
import type { Autoscaler } from "../sim/peers/Autoscaler";
import { RayServePostFix } from "../sim/peers/RayServePostFix";
import { summarizeRun } from "../sim/report/summarizeRun";
import { runSimulation } from "../sim/runSimulation";
import { generateWorkload } from "../sim/traces/generateWorkload";
import type { Trace } from "../sim/traces/Trace";
import { BENCH_TRACES, benchPolicy } from "./benchTraces";

const seed = Number(process.env.BENCH_SEED ?? 1);

type Patch = Record<string, unknown>;
interface Variant {
  readonly patch?: Patch;
  readonly invocation?: Partial<InvocationPattern>;
  /** Run on Ray's instance layer (cluster autoscaler, cache_stopped_nodes) instead of ECS managed scaling. */
  readonly rayInstances?: boolean;
}

/** Driftless variants of the bench policy. */
const VARIANTS: Record<string, Variant> = {
  default: {},
  "hold-on": { patch: { pending: { hold_scale_up: true } } },
  "hold-off": { patch: { pending: { hold_scale_up: false } } },
  "inflight-off": { patch: { pending: { scale_from_in_flight: false } } },
  "lead-on": { patch: { lead: { mode: "on" } } },
  "lead-off": { patch: { lead: { mode: "off" } } },
  "lead-1.5": { patch: { lead: { mode: "on", max_factor: 1.5 } } },
  "lead-1.25": { patch: { lead: { mode: "on", max_factor: 1.25 } } },
  "lead-1.5-w60": { patch: { lead: { mode: "on", max_factor: 1.5, trend_window_s: 60 } } },
  "lead-2-w60": { patch: { lead: { mode: "on", trend_window_s: 60 } } },
  "lead-1.5-inflight-off": {
    patch: { lead: { mode: "on", max_factor: 1.5 }, pending: { scale_from_in_flight: false } },
  },
  direct: { patch: { target: { capacity: { mode: "direct" } } } },
  "direct+lead": { patch: { target: { capacity: { mode: "direct" } }, lead: { mode: "on" } } },
  "lag-0": { invocation: { metricLagS: 0 } },
  "no-alarms": { invocation: { alarms: false } },
  "on-ray-instances": { rayInstances: true },
  "fast-reads+ray-instances": { invocation: { metricLagS: 0, evaluationIntervalS: 2 }, rayInstances: true },
  "hold-on+ray-instances": { patch: { pending: { hold_scale_up: true } }, rayInstances: true },
};

function maxInstances(trace: Trace, maxReplicas: readonly number[]): number {
  const gpus = maxReplicas.reduce((n, m, k) => n + m * trace.stages[k]!.gpusPerReplica, 0);
  return Math.ceil(gpus / trace.instance.gpus);
}

function driftless(name: string, variant: Variant, trace: Trace, file: Patch): Autoscaler {
  const merged = mergePatch(file, variant.patch ?? {});
  const sim = resolveSimPolicies(merged, trace);
  if (!sim.ok) throw new Error(JSON.stringify(sim.problems));
  const scaler = new DriftlessAutoscaler(
    `driftless:${name}`,
    name,
    sim.bodies,
    sim.resolved,
    variant.invocation,
  );
  if (variant.rayInstances)
    scaler.capacity = () =>
      new NodeAutoscaler("Ray cluster autoscaler", 5, 300, { restartS: STOPPED_INSTANCE_RESTART_S });
  return scaler;
}

function mergePatch(file: Patch, patch: Patch): Patch {
  const apply = (p: Patch): Patch => {
    const out: Patch = { ...p };
    for (const [k, v] of Object.entries(patch))
      out[k] = typeof v === "object" && v !== null ? { ...((p[k] as Patch) ?? {}), ...(v as Patch) } : v;
    return out;
  };
  if (Array.isArray(file.stages)) return { ...file, stages: (file.stages as Patch[]).map(apply) };
  return apply(file);
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const vAt = args.indexOf("--variants");
  const variants =
    vAt >= 0
      ? args[vAt + 1]!.split(",")
      : ["hold-on", "default", "lead-on", "on-ray-instances", "ray", "ray-on-ecs"];
  const names = args.filter((a, k) => !a.startsWith("--") && k !== vAt + 1);
  const benches = BENCH_TRACES.filter((b) => names.length === 0 || names.includes(b.name));
  for (const bench of benches) {
    const trace = bench.build(seed);
    const workload = generateWorkload(trace, seed);
    const file = benchPolicy(bench.policies[0]!).policy as Patch;
    const base = resolveSimPolicies(file, trace);
    if (!base.ok) throw new Error(JSON.stringify(base.problems));
    const max = maxInstances(
      trace,
      base.resolved.map((p) => p.ray.maxReplicas),
    );
    // `ray` and `ray-on-ecs` are Ray Serve's policy on its own instance layer and on driftless's.
    const runs: Autoscaler[] = variants
      .filter((v) => v !== "ray" && v !== "ray-on-ecs")
      .map((v) => driftless(v, VARIANTS[v]!, trace, file));
    if (variants.includes("ray")) runs.push(new RayServePostFix(base.resolved));
    if (variants.includes("ray-on-ecs"))
      runs.push(new RayServePostFix(base.resolved, undefined, () => new EcsManagedScaling(max, 30)));
    for (const scaler of runs) {
      const s = summarizeRun(await runSimulation(trace, workload, scaler, seed)).summary;
      const row = `${bench.name.padEnd(20)} ${s.label.padEnd(40)} ${s.slo.violationsPct.toFixed(2).padStart(6)} % ${s.gpuHours.toFixed(1).padStart(6)} GPU-h`;
      process.stdout.write(`${row}\n`);
    }
  }
}

await main();
