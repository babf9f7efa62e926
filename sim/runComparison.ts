import type { ValidationProblem } from "../shared/errors/ValidationProblem";
import type { ResolvedPolicy } from "../shared/policy/ResolvedPolicy";
import type { SimEnvironment } from "./capacity/WarmPool";
import { DriftlessAutoscaler, type InvocationPattern } from "./driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "./driftless/resolveSimPolicies";
import type { Autoscaler } from "./peers/Autoscaler";
import { createPeers, type PeerName } from "./peers/createPeers";
import type { RayLoopOverhead } from "./peers/RayLoopOverhead";
import type { RunResult } from "./report/RunResult";
import { type ScheduleBand, scheduleBands } from "./report/scheduleBands";
import { summarizeRun } from "./report/summarizeRun";
import { runSimulation } from "./runSimulation";
import { generateWorkload } from "./traces/generateWorkload";
import type { Trace } from "./traces/Trace";

/** A driftless policy file to run: its name (the report's `driftless:<name>`) and parsed content. */
export interface NamedPolicy {
  readonly name: string;
  readonly policy: unknown;
}

/** How to run a comparison. */
export interface ComparisonOptions {
  readonly seed: number;
  /** Peers to run, configured from the first policy's Ray fields. */
  readonly peers: readonly PeerName[];
  readonly rayOverhead?: RayLoopOverhead;
  readonly invocation?: Partial<InvocationPattern>;
  /** The environment every system runs in (a warm pool on the GPU Auto Scaling groups). */
  readonly environment?: SimEnvironment;
  /** Called after each run (progress output). */
  readonly onRun?: (result: RunResult) => void;
}

export type ComparisonOutcome =
  | { readonly ok: true; readonly results: readonly RunResult[] }
  | { readonly ok: false; readonly problems: readonly ValidationProblem[] };

/**
 * Runs every driftless policy and every requested peer on `trace` with the same requests (drawn once
 * for the seed), one after the other, and summarizes each run. Policies are validated first; any
 * problem stops the comparison before anything runs.
 */
export async function runComparison(
  trace: Trace,
  policies: readonly NamedPolicy[],
  options: ComparisonOptions,
): Promise<ComparisonOutcome> {
  const { autoscalers, windows, peerBasis, problems } = prepareDriftless(trace, policies, options);
  if (problems.length > 0) return { ok: false, problems };
  const workload = generateWorkload(trace, options.seed);
  if (peerBasis && options.peers.length > 0)
    autoscalers.push(
      ...createPeers(options.peers, peerBasis, trace, options.rayOverhead, workload, options.environment),
    );
  const results: RunResult[] = [];
  for (const [k, autoscaler] of autoscalers.entries()) {
    const run = summarizeRun(await runSimulation(trace, workload, autoscaler, options.seed));
    const policy = k < windows.length ? windows[k]! : [];
    const result = { ...run, series: { ...run.series, windows: policy } };
    options.onRun?.(result);
    results.push(result);
  }
  return { ok: true, results };
}

/** Every problem of `policies` on `trace` (their paths prefixed with each file's name), without running anything. */
export function comparisonProblems(
  trace: Trace,
  policies: readonly NamedPolicy[],
): readonly ValidationProblem[] {
  return prepareDriftless(trace, policies, { seed: 0, peers: [] }).problems;
}

/** Validates every policy file and builds a driftless run for each valid one. */
function prepareDriftless(
  trace: Trace,
  policies: readonly NamedPolicy[],
  options: ComparisonOptions,
): {
  autoscalers: Autoscaler[];
  /** The schedule windows of each driftless run, drawn on its charts. */
  windows: ScheduleBand[][];
  /** The first valid policy's resolved stages: the peers take their Ray fields. */
  peerBasis: readonly ResolvedPolicy[] | undefined;
  problems: ValidationProblem[];
} {
  const autoscalers: Autoscaler[] = [];
  const windows: ScheduleBand[][] = [];
  const problems: ValidationProblem[] = [];
  let peerBasis: readonly ResolvedPolicy[] | undefined;
  for (const { name, policy: file } of policies) {
    const { policy, simulation, problems: simProblems } = splitSimulationSection(file);
    for (const p of simProblems) problems.push({ path: `${name}: ${p.path}`, message: p.message });
    const resolved = resolveSimPolicies(policy, trace);
    if (!resolved.ok) {
      for (const p of resolved.problems) problems.push({ path: `${name}: ${p.path}`, message: p.message });
      continue;
    }
    peerBasis ??= resolved.resolved;
    windows.push(scheduleBands(resolved.resolved, trace.start, trace.start + trace.durationS));
    autoscalers.push(
      new DriftlessAutoscaler(
        `driftless:${name}`,
        `driftless (${name})`,
        resolved.bodies,
        resolved.resolved,
        options.invocation,
        { warmPool: simulation.warmPool ?? options.environment?.warmPool === true },
        // A comparison only summarizes: no need to keep every round's record alive.
        { decisions: "changes" },
      ),
    );
  }
  return { autoscalers, windows, peerBasis, problems };
}

/**
 * A policy file's simulator-only section, `"simulation": {"warm_pool": true}` (the environment this
 * run assumes: its GPU Auto Scaling group has a warm pool, or with false has none, whatever the
 * comparison's environment), taken out before the policy is validated.
 */
function splitSimulationSection(file: unknown): {
  policy: unknown;
  simulation: SimEnvironment;
  problems: ValidationProblem[];
} {
  if (file === null || typeof file !== "object" || Array.isArray(file) || !("simulation" in file))
    return { policy: file, simulation: {}, problems: [] };
  const { simulation, ...policy } = file as Record<string, unknown>;
  const problems: ValidationProblem[] = [];
  const section = simulation as Record<string, unknown> | null;
  if (section === null || typeof section !== "object" || Array.isArray(section)) {
    problems.push({ path: "$.simulation", message: 'must be an object such as {"warm_pool": true}' });
    return { policy, simulation: {}, problems };
  }
  for (const key of Object.keys(section))
    if (key !== "warm_pool")
      problems.push({ path: `$.simulation.${key}`, message: `unknown field "${key}"` });
  if (section.warm_pool !== undefined && typeof section.warm_pool !== "boolean")
    problems.push({ path: "$.simulation.warm_pool", message: "must be true or false" });
  const warmPool = typeof section.warm_pool === "boolean" ? section.warm_pool : undefined;
  return { policy, simulation: warmPool === undefined ? {} : { warmPool }, problems };
}
