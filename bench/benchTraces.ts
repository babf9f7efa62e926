/**
 * The bench's traces: the built-in ones, the real Azure code trace (a request log replayed row for
 * row), and 15 market days judged on the last 3. Each names the driftless policy that has Ray fields
 * only at every default (the baseline against Ray Serve) first.
 */
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SimEnvironment } from "../sim/capacity/WarmPool";
import { resolveSimPolicies } from "../sim/driftless/resolveSimPolicies";
import { BUILTIN_TRACES } from "../sim/traces/builtinTraces";
import { parseTraceFile } from "../sim/traces/parseTraceFile";
import type { Trace } from "../sim/traces/Trace";

const here = dirname(fileURLToPath(import.meta.url));

export interface BenchTrace {
  /** What the bench calls it (also the trace's name in the results). */
  readonly name: string;
  readonly build: (seed: number) => Trace;
  /** Driftless policies (bench/policies/NAME.json); the first has Ray fields only, every default. */
  readonly policies: readonly string[];
  /** Hours after the start the charts show (the whole trace by default). */
  readonly chartHours?: readonly [number, number];
  /** How to reproduce this trace's runs with `driftless simulate` (`--warm-pool`: BENCH_ENVIRONMENT). */
  readonly simulateArgs: string;
}

/**
 * The instance layer every system runs on in the bench: stopped instances are kept and restarted on
 * scale-out (45-75 s instead of a boot). Ray's cluster autoscaler does this by default on AWS
 * (`cache_stopped_nodes`); for an Auto Scaling group it is a warm pool with ReuseOnScaleIn, so the
 * ECS-based systems and the oracle get one. A policy file's `"simulation": {"warm_pool": false}`
 * runs that policy without it (the `*-no-pool` and `market-hours-direct` rows).
 */
export const BENCH_ENVIRONMENT: SimEnvironment = Object.freeze({ warmPool: true });

/** The Azure LLM inference trace 2023, code service (bench/traces/README.md has its attribution). */
export const AZURE_CODE_TRACE = join(here, "traces", "azure-llm-2023-code.csv");

function azureCode(): Trace {
  const parsed = parseTraceFile(readFileSync(AZURE_CODE_TRACE, "utf8"), AZURE_CODE_TRACE);
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
  return parsed.trace;
}

const builtin = (name: string) => (seed: number) => BUILTIN_TRACES[name]!(seed);

export const BENCH_TRACES: readonly BenchTrace[] = [
  {
    name: "market-hours",
    build: builtin("market-hours"),
    policies: [
      "adr-default",
      "adr-managed",
      "adr-no-pool",
      "market-hours",
      "market-hours-direct",
      "market-hours-direct-warm",
    ],
    chartHours: [8, 17],
    simulateArgs: "--trace market-hours --warm-pool",
  },
  {
    name: "market-hours-15d",
    build: (seed) => ({ ...BUILTIN_TRACES["market-hours"]!(seed, 15), measureFromS: 12 * 86400 }),
    policies: [
      "adr-default",
      "adr-managed",
      "adr-no-pool",
      "market-hours-direct",
      "market-hours-direct-warm",
      "market-hours-predictive",
      "market-hours-direct-predictive",
    ],
    // The measured days: Sunday 14 to Tuesday 16 June.
    chartHours: [12 * 24, 15 * 24],
    simulateArgs: '--trace market-hours --days 15 --measure-from "12 days" --warm-pool',
  },
  {
    name: "flash-crowd",
    build: builtin("flash-crowd"),
    policies: ["adr-default", "adr-managed", "adr-no-pool"],
    simulateArgs: "--trace flash-crowd --warm-pool",
  },
  {
    name: "diurnal",
    build: builtin("diurnal"),
    policies: ["adr-default", "adr-managed", "adr-no-pool"],
    simulateArgs: "--trace diurnal --warm-pool",
  },
  {
    name: "sawtooth",
    build: builtin("sawtooth"),
    policies: ["adr-default", "adr-managed", "adr-no-pool"],
    simulateArgs: "--trace sawtooth --warm-pool",
  },
  {
    name: "pipeline",
    build: builtin("pipeline"),
    policies: ["pipeline-default", "pipeline-managed", "pipeline-slo", "pipeline-group"],
    simulateArgs: "--trace pipeline --warm-pool",
  },
  {
    name: "azure-llm-2023-code",
    build: () => azureCode(),
    policies: ["code-default", "code-managed", "code-lead", "code-slo", "code-best"],
    simulateArgs: "--trace bench/traces/azure-llm-2023-code.csv --warm-pool",
  },
];

/** A bench policy file, parsed. */
export function benchPolicy(name: string): { name: string; policy: unknown } {
  return { name, policy: JSON.parse(readFileSync(join(here, "policies", `${name}.json`), "utf8")) };
}

/** The Ray fields of a bench policy file, resolved for `trace` (its simulator-only `simulation` section set aside). */
export function benchRayFields(name: string, trace: Trace) {
  const { simulation: _simulation, ...file } = benchPolicy(name).policy as Record<string, unknown>;
  const p = resolveSimPolicies(file, trace);
  if (!p.ok) throw new Error(`${name}.json is invalid`);
  return p;
}
