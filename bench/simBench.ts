/**
 * `npm run bench`: every policy on every built-in trace with the simulator (driftless's real engine
 * against models of Ray Serve before and after the delay fix, KEDA/HPA, ECS target tracking and a
 * fixed fleet). Prints the results table, the Ray pre-fix sweep, diagnostics and the issue's goals;
 * writes bench/results.json and the offline report bench/report.html. Figures, not tests: it asserts
 * nothing. BENCH_SEED (default 1) seeds the main runs; BENCH_SEEDS (default 5) is how many seeds the
 * market-hours goal is also checked on.
 */
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { EcsManagedScaling } from "../sim/capacity/EcsManagedScaling";
import { DriftlessAutoscaler } from "../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../sim/driftless/resolveSimPolicies";
import type { Autoscaler } from "../sim/peers/Autoscaler";
import { PEER_NAMES } from "../sim/peers/createPeers";
import { DEFAULT_RAY_OVERHEAD, rayIterationS } from "../sim/peers/RayLoopOverhead";
import { RayServePostFix } from "../sim/peers/RayServePostFix";
import { RayServePreFix } from "../sim/peers/RayServePreFix";
import { percentile } from "../sim/percentile";
import { ASSUMPTIONS } from "../sim/report/ASSUMPTIONS";
import { formatJson } from "../sim/report/formatJson";
import { formatResultsTable } from "../sim/report/formatResultsTable";
import { PRICE_LINES, PRICES } from "../sim/report/PRICES";
import type { GoalRow, ReportSection, SweepRow } from "../sim/report/ReportInput";
import type { RunResult, RunSummary } from "../sim/report/RunResult";
import { renderReportHtml } from "../sim/report/renderReportHtml";
import { summarizeRun } from "../sim/report/summarizeRun";
import { type NamedPolicy, runComparison } from "../sim/runComparison";
import { runSimulation } from "../sim/runSimulation";
import { BUILTIN_TRACES } from "../sim/traces/builtinTraces";
import { generateWorkload } from "../sim/traces/generateWorkload";
import type { Trace } from "../sim/traces/Trace";
import { BASELINE_HEADER, baselineCells, baselineRows, formatBaseline } from "./baselineRows";
import { BENCH_ENVIRONMENT, BENCH_TRACES, benchPolicy, benchRayFields } from "./benchTraces";

const here = dirname(fileURLToPath(import.meta.url));
const seed = Number(process.env.BENCH_SEED ?? 1);
const goalSeeds = Number(process.env.BENCH_SEEDS ?? 5);
const COMMAND = "npm run bench";

const policy = (name: string): NamedPolicy => benchPolicy(name);
const log = (line: string) => process.stderr.write(`${line}\n`);

async function main(): Promise<void> {
  await warmUp();
  const sections: ReportSection[] = [];
  for (const { name, build, policies, chartHours } of BENCH_TRACES) {
    const trace = build(seed);
    const outcome = await runComparison(trace, policies.map(policy), {
      seed,
      peers: PEER_NAMES,
      environment: BENCH_ENVIRONMENT,
      onRun: (r) => log(`  ${name.padEnd(20)} ${r.summary.policy.padEnd(30)} ${r.summary.wallMs} ms`),
    });
    if (!outcome.ok) throw new Error(outcome.problems.map((p) => `${p.path}: ${p.message}`).join("\n"));
    sections.push({
      trace,
      results: outcome.results,
      ...(chartHours
        ? { chartWindow: { fromMinute: chartHours[0] * 60, toMinute: chartHours[1] * 60 } }
        : {}),
    });
  }
  const all = sections.flatMap((s) => s.results.map((r) => r.summary));
  const market = sections[0]!.results;
  const sweep = await preFixSweep();
  const diagnostics = await runDiagnostics();
  const seeds = await marketHoursSeeds();
  const speed = measureSpeed();
  const goals = [...evaluateGoals(market, all, speed, seeds, diagnostics), ...issue10Goals(all, speed)];

  const baseline = baselineRows(all);
  const out = (line = "") => process.stdout.write(`${line}\n`);
  out(formatResultsTable(all));
  out();
  out(
    "SLO violations and GPU-hours against Ray Serve and the oracle on the same trace (market-hours-15d: the last 3 of 15 days):",
  );
  out(formatBaseline(baseline));
  out();
  out("Ray Serve before the delay fix on market-hours: upscale_delay_s 30 s fired after (median / max)");
  for (const r of sweep)
    out(
      `  ${String(r.perRequestMs).padStart(4)} ms per ongoing request (iteration ${r.iterationAt40S.toFixed(2)} s at 40 ongoing): ${r.upscaleMedianS ?? "-"} / ${r.upscaleMaxS ?? "-"} s, SLO violations ${r.violationsPct.toFixed(2)} %`,
    );
  out();
  out("diagnostics (one thing changed at a time):");
  for (const d of diagnostics)
    out(
      `  ${d.trace.padEnd(12)} ${d.variant.padEnd(58)} ${d.violationsPct.toFixed(2)} % SLO violations, ${d.gpuHours.toFixed(1)} GPU-h`,
    );
  out();
  out(`market-hours over seeds 1..${goalSeeds} (SLO violations %; mean; mean GPU-hours):`);
  for (const s of seeds)
    out(
      `  ${s.policy.padEnd(30)} ${s.violations.map((v) => v.toFixed(2).padStart(5)).join(" ")}  mean ${mean(s.violations).toFixed(2)} %, ${mean(s.gpuHours).toFixed(1)} GPU-h`,
    );
  out();
  out(
    `speed (simulated days per CPU-second, one core's figure; per wall-clock second; a fresh process warmed up by ${SPEED_WARM_UPS} runs, best of ${SPEED_RUNS.oneDay} on market-hours, of ${SPEED_RUNS.fifteenDays} on its 15 days; the process's first run, cold, in brackets):`,
  );
  for (const s of speed)
    out(
      `  ${s.trace.padEnd(17)} ${s.policy.padEnd(30)} ${s.daysPerCpuSecond.toFixed(2)} days/CPU-s, ${s.daysPerSecond.toFixed(2)} days/s wall${s.cold === undefined ? "" : ` (cold: ${s.cold.toFixed(2)})`}`,
    );
  out();
  out("goals:");
  for (const g of goals) out(`  [${g.met ? "met" : "MISSED"}] ${g.goal}: ${g.measured}`);

  // Wall-clock times vary from run to run: the speed section has them, the runs do not.
  const runs = all.map(({ wallMs: _wallMs, ...rest }) => rest);
  const results = {
    command: COMMAND,
    seed,
    prices: PRICES,
    runs,
    baseline,
    preFixSweep: sweep,
    diagnostics,
    marketHoursSeeds: seeds,
    speed,
    goals,
  };
  writeFileSync(join(here, "results.json"), formatJson(results));
  writeFileSync(
    join(here, "report.html"),
    renderReportHtml({
      title: "driftless simulator benchmark",
      command: COMMAND,
      seed,
      sections,
      goals,
      sweep: { trace: "market-hours", upscaleDelayS: 30, rows: sweep },
      tables: [
        {
          title: "Against Ray Serve and the oracle",
          intro:
            "Each run's SLO violations and GPU-hours as ratios to Ray Serve's and to the oracle's on the same trace and requests (market-hours-15d counts only the last 3 of 15 days). The first driftless policy of each trace has Ray fields only, every default: the baseline to beat.",
          header: [...BASELINE_HEADER],
          rows: baseline.map(baselineCells),
        },
        {
          title: "Diagnostics",
          intro:
            "Each row changes one thing against the main runs, to show where the differences come from: the instance layer under Ray, driftless's former pending.hold_scale_up default and lead-time–aware sizing.",
          header: ["trace", "variant", "SLO violations %", "GPU-hours"],
          rows: diagnostics.map((d) => [
            d.trace,
            d.variant,
            d.violationsPct.toFixed(2),
            d.gpuHours.toFixed(1),
          ]),
        },
        {
          title: `market-hours on seeds 1..${goalSeeds}`,
          intro: "The seed places the tenants' bursts and draws the arrivals; one day is one sample.",
          header: [
            "policy",
            ...Array.from({ length: goalSeeds }, (_, i) => `seed ${i + 1} %`),
            "mean %",
            "mean GPU-h",
          ],
          rows: seeds.map((s) => [
            s.policy,
            ...s.violations.map((v) => v.toFixed(2)),
            mean(s.violations).toFixed(2),
            mean(s.gpuHours).toFixed(1),
          ]),
        },
      ],
      speed,
      assumptions: ASSUMPTIONS,
      prices: PRICE_LINES,
    }),
  );
  out();
  out("wrote bench/results.json and bench/report.html");
}

/** Runs a driftless policy and Ray once so the JIT is warm before anything is timed. */
async function warmUp(): Promise<void> {
  const trace = BUILTIN_TRACES["market-hours"]!(seed);
  const p = resolveSimPolicies(policy("market-hours").policy, trace);
  if (!p.ok) throw new Error("market-hours.json is invalid");
  const workload = generateWorkload(trace, seed);
  await runSimulation(trace, workload, new DriftlessAutoscaler("warm", "warm", p.bodies, p.resolved), seed);
  await runSimulation(trace, workload, new RayServePostFix(p.resolved), seed);
}

/** Ray before the fix on market-hours as the per-request loop overhead grows. */
async function preFixSweep(): Promise<SweepRow[]> {
  const trace = BUILTIN_TRACES["market-hours"]!(seed);
  const p = benchRayFields("adr-default", trace);
  const workload = generateWorkload(trace, seed);
  const delay = p.resolved[0]!.ray.upscaleDelayS;
  const rows: SweepRow[] = [];
  for (const perRequestMs of [0, 2.5, 5, 10, 20]) {
    const overhead = { ...DEFAULT_RAY_OVERHEAD, perRequestS: perRequestMs / 1000 };
    const model = new RayServePreFix(p.resolved, overhead);
    const summary = summarizeRun(await runSimulation(trace, workload, model, seed)).summary;
    const ups = model
      .lateness()
      .filter((s) => s.direction === "up")
      .map((s) => s.at - (s.intendedAt - delay));
    rows.push({
      perRequestMs,
      iterationAt40S: rayIterationS(overhead, 40),
      upscaleMedianS: ups.length === 0 ? null : round(percentile([...ups], 0.5), 1),
      upscaleMaxS: ups.length === 0 ? null : round(Math.max(...ups), 1),
      violationsPct: summary.slo.violationsPct,
      servingMedianS: summary.reaction.servingMedianS,
    });
    log(`  sweep ${perRequestMs} ms/request`);
  }
  return rows;
}

interface Diagnostic {
  readonly trace: string;
  readonly variant: string;
  readonly violationsPct: number;
  readonly gpuHours: number;
}

/** One change at a time: Ray on driftless's instance layer; driftless with its former pending hold, with lead awareness. */
async function runDiagnostics(): Promise<Diagnostic[]> {
  const rows: Diagnostic[] = [];
  const run = async (traceName: string, variant: string, make: (trace: Trace) => Autoscaler) => {
    const trace = BUILTIN_TRACES[traceName]!(seed);
    const summary = summarizeRun(
      await runSimulation(trace, generateWorkload(trace, seed), make(trace), seed),
    ).summary;
    rows.push({
      trace: traceName,
      variant,
      violationsPct: summary.slo.violationsPct,
      gpuHours: summary.gpuHours,
    });
    log(`  diagnostic ${traceName} ${variant}`);
  };
  for (const [traceName, base] of [
    ["market-hours", "adr-default"],
    ["flash-crowd", "adr-default"],
    ["pipeline", "pipeline-default"],
  ] as const) {
    await run(traceName, "ray-serve on the ECS capacity provider (driftless's instance layer)", (trace) => {
      const p = benchRayFields(base, trace);
      const max = p.resolved.reduce((n, r) => n + r.ray.maxReplicas, 0);
      return new RayServePostFix(
        p.resolved,
        DEFAULT_RAY_OVERHEAD,
        () => new EcsManagedScaling(max, 30, { warmPool: BENCH_ENVIRONMENT.warmPool === true }),
      );
    });
  }
  for (const [traceName, name] of [
    ["market-hours", "market-hours"],
    ["flash-crowd", "adr-default"],
    ["sawtooth", "adr-default"],
  ] as const) {
    for (const [label, section] of [
      ["pending.hold_scale_up true (the former default)", { pending: { hold_scale_up: true } }],
      ['lead.mode "on"', { lead: { mode: "on" } }],
    ] as const)
      await run(traceName, `driftless:${name} with ${label}`, (trace) => {
        const raw = { ...(policy(name).policy as Record<string, unknown>), ...section };
        const p = resolveSimPolicies(raw, trace);
        if (!p.ok) throw new Error("invalid");
        return new DriftlessAutoscaler(
          `driftless:${name}`,
          name,
          p.bodies,
          p.resolved,
          undefined,
          BENCH_ENVIRONMENT,
        );
      });
  }
  return rows;
}

interface SeedRow {
  readonly policy: string;
  readonly violations: number[];
  readonly gpuHours: number[];
}

/** The market-hours goal's policies over several seeds (burst placement and arrivals both change). */
async function marketHoursSeeds(): Promise<SeedRow[]> {
  const rows = new Map<string, SeedRow>();
  for (let s = 1; s <= goalSeeds; s++) {
    const trace = BUILTIN_TRACES["market-hours"]!(s);
    const outcome = await runComparison(trace, [policy("adr-default"), policy("market-hours")], {
      seed: s,
      peers: ["ray-serve", "fixed"],
      environment: BENCH_ENVIRONMENT,
    });
    if (!outcome.ok) throw new Error("market-hours policies are invalid");
    for (const r of outcome.results) {
      const row = rows.get(r.summary.policy) ?? { policy: r.summary.policy, violations: [], gpuHours: [] };
      row.violations.push(r.summary.slo.violationsPct);
      row.gpuHours.push(r.summary.gpuHours);
      rows.set(r.summary.policy, row);
    }
    log(`  market-hours seed ${s}`);
  }
  return [...rows.values()];
}

/** Runs before the speed is measured in each fresh process, and runs measured (the best counts). */
const SPEED_WARM_UPS = 3;
const SPEED_RUNS = { oneDay: 10, fifteenDays: 2 } as const;

/** A policy's (or peer's) speed on a bench trace: simulated days per CPU-second and per wall-clock second. */
interface SpeedRow {
  readonly policy: string;
  readonly trace: string;
  readonly daysPerCpuSecond: number;
  readonly daysPerSecond: number;
  /** The process's first run, cold (the compiler still at work), for the first run measured in it; else absent. */
  readonly cold?: number;
}

/**
 * Simulated days per CPU-second (and per wall-clock second), measured as `npm run bench:sim-speed` measures
 * them and in a fresh process of its own: this one holds every earlier run's results, and the garbage
 * collector's work on them is not the simulator's. market-hours (one day): the driftless policies and the
 * peers; market-hours-15d: adr-default; each process warmed up by SPEED_WARM_UPS runs of its first policy
 * (see bench:sim-speed), then the best of SPEED_RUNS runs each: the compiler goes on re-optimizing for
 * several runs, and the machine is shared.
 */
function measureSpeed(): SpeedRow[] {
  const oneDay = [
    "adr-default",
    "market-hours",
    "market-hours-direct",
    ...PEER_NAMES.map((p) => `peer:${p}`),
  ];
  return [
    ...speedInFreshProcess({ trace: "market-hours", runs: SPEED_RUNS.oneDay, names: oneDay }),
    ...speedInFreshProcess({
      trace: "market-hours-15d",
      runs: SPEED_RUNS.fifteenDays,
      names: ["adr-default"],
    }),
  ];
}

function speedInFreshProcess(args: { trace: string; runs: number; names: readonly string[] }): SpeedRow[] {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(here, "simSpeedBench.ts"), ...args.names],
    {
      env: {
        ...process.env,
        SPEED_JSON: "1",
        SPEED_TRACE: args.trace,
        SPEED_RUNS: String(args.runs),
        SPEED_WARMUP: String(SPEED_WARM_UPS),
        BENCH_SEED: String(seed),
      },
      encoding: "utf8",
      maxBuffer: 1 << 20,
    },
  );
  return out
    .trim()
    .split("\n")
    .map((line) => {
      const s = JSON.parse(line) as Omit<SpeedRow, "trace">;
      log(`  speed ${args.trace} ${s.policy}`);
      return {
        policy: s.policy,
        trace: args.trace,
        daysPerCpuSecond: round(s.daysPerCpuSecond, 2),
        daysPerSecond: round(s.daysPerSecond, 2),
        ...(s.cold === undefined ? {} : { cold: round(s.cold, 2) }),
      };
    });
}

function evaluateGoals(
  market: readonly RunResult[],
  all: readonly RunSummary[],
  speed: readonly SpeedRow[],
  seeds: readonly SeedRow[],
  diagnostics: readonly Diagnostic[],
): GoalRow[] {
  const get = (id: string) => market.find((r) => r.summary.policy === id)!;
  const d = get("driftless:market-hours");
  const ray = get("ray-serve");
  const fixed = get("fixed").summary;
  const ds = d.summary;
  const rs = ray.summary;
  const seedOf = (id: string) => seeds.find((s) => s.policy === id)!;
  const fewer = 1 - ds.slo.violationsPct / rs.slo.violationsPct;
  const fewerSeeds =
    1 - mean(seedOf("driftless:market-hours").violations) / mean(seedOf("ray-serve").violations);
  const gpuSeeds = [mean(seedOf("driftless:market-hours").gpuHours), mean(seedOf("ray-serve").gpuHours)];
  const lessGpu = 1 - ds.gpuHours / fixed.gpuHours;
  // Share of the violating requests that arrived in the hour after 09:30 (the market open burst).
  const openShare = (r: RunResult) => {
    const v = r.series.violations;
    const total = v.reduce((a, b) => a + b, 0);
    return total === 0 ? 0 : v.slice(9.5 * 60, 10.5 * 60).reduce((a, b) => a + b, 0) / total;
  };
  const diag = (trace: string, prefix: string) =>
    diagnostics.find((x) => x.trace === trace && x.variant.startsWith(prefix));
  const withHold = diag("market-hours", "driftless:market-hours with pending");
  const rayEcs = diag("market-hours", "ray-serve on the ECS");
  const driftlessLate = all.filter((r) => r.policy.startsWith("driftless:") && r.lateness !== null);
  const worst = driftlessLate.reduce(
    (m, r) => (r.lateness!.p99S > m.p99 ? { p99: r.lateness!.p99S, where: `${r.trace} ${r.policy}` } : m),
    {
      p99: 0,
      where: "",
    },
  );
  const oneDay = speed.filter((s) => s.trace === "market-hours");
  const slowest = oneDay.reduce((m, s) => (s.daysPerCpuSecond < m.daysPerCpuSecond ? s : m), oneDay[0]!);
  const overSeeds = seedOf("driftless:market-hours").violations;
  return [
    {
      goal: "market-hours: driftless (market-hours policy) >= 30 % fewer SLO-violating requests than Ray Serve's default, at no more GPU-hours",
      measured: `seed ${seed}: ${pct(fewer)} fewer (${ds.slo.violationsPct.toFixed(2)} % vs ${rs.slo.violationsPct.toFixed(2)} %), ${ds.gpuHours.toFixed(1)} vs ${rs.gpuHours.toFixed(1)} GPU-h; seeds 1..${goalSeeds}: ${pct(fewerSeeds)} fewer, ${gpuSeeds[0]!.toFixed(1)} vs ${gpuSeeds[1]!.toFixed(1)} GPU-h`,
      met: fewer >= 0.3 && ds.gpuHours <= rs.gpuHours,
      why: `${pct(openShare(d))} of driftless's and ${pct(openShare(ray))} of Ray's violating requests arrive in the hour after the 09:30 open, a burst that needs 4 replicas: the schedule guarantees 2, which Ray's default also runs by then (the base load sits at the target), and any further replica waits 3-6.5 min for a GPU instance and its model. The former pending.hold_scale_up default kept driftless at 3 while the third started (with it: ${withHold ? `${withHold.violationsPct.toFixed(2)} %` : "-"}). The extra GPU-hours are the instance layer: ECS managed scaling keeps idle instances 15 min, Ray's autoscaler 5 (Ray on driftless's instance layer: ${rayEcs ? `${rayEcs.violationsPct.toFixed(2)} %, ${rayEcs.gpuHours.toFixed(1)} GPU-h` : "-"}).`,
    },
    {
      goal: "market-hours: >= 40 % fewer GPU-hours than the fixed fleet with <= 1 % SLO violations",
      measured: `${pct(lessGpu)} fewer GPU-hours (${ds.gpuHours.toFixed(1)} vs ${fixed.gpuHours.toFixed(1)}), ${ds.slo.violationsPct.toFixed(2)} % violations on seed ${seed}; ${overSeeds.filter((v) => v <= 1).length} of ${goalSeeds} seeds at <= 1 % (mean ${mean(overSeeds).toFixed(2)} %)`,
      met: lessGpu >= 0.4 && ds.slo.violationsPct <= 1,
      why: "The GPU-hours part holds on every seed; the violations exceed 1 % on days whose open burst (or a tenant burst on top of it) outgrows 2 replicas faster than an instance boots.",
    },
    {
      goal: "decision lateness p99 <= 10 s with the production invocation pattern (every driftless run), measured from when a change was due or, if later, when the data it needed was published in CloudWatch",
      measured: `market-hours p99 ${ds.lateness?.p99S ?? "-"} s (max ${ds.lateness?.maxS ?? "-"} s); worst p99 ${worst.p99} s (${worst.where})`,
      met: (ds.lateness?.p99S ?? 0) <= 10 && worst.p99 <= 10,
      why: "A scale-down fires only once published datapoints cover its delay (Ray's semantics on CloudWatch: 10 s periods published 5 s late), so it cannot be known before the datapoint covering its intended instant is out, 5-15 s after it; lateness counted that wait until this release (market-hours p99 14.8 s, pipeline 21.7 s, measured from an instant driftless could not know). It is now measured from the later of the intended instant and that publication, and a change a round at or after its intended instant did not want on the data then readable is measured from the next datapoint published after that round. What is left is the wait for the next round (every 10 s), e.g. a scale-up whose delay ends between two rounds with no alarm invocation waiting for it. Datapoints already judged before the running count changed no longer start a breach (with a factor other than 1 their reading depends on that count); before that fix sawtooth reached p99 45.6 s.",
    },
    {
      goal: ">= 1 simulated day per second per policy on market-hours",
      measured: `slowest ${slowest.daysPerCpuSecond.toFixed(2)} days/CPU-s (${slowest.policy}); ${oneDay.map((s) => `${s.policy} ${s.daysPerCpuSecond.toFixed(2)}`).join(", ")}`,
      met: slowest.daysPerCpuSecond >= 1,
      why: "The simulator's own work is small (Ray's model, which decides every second, runs several days a second); an engine round costs most: 8,640 rounds a simulated day. Validation caches its time-zone and cron checks, which used to cost about 250 µs a round with a schedule.",
    },
  ];
}

/** The goals of "ahead of the load": defaults never worse than Ray Serve anywhere, the warm pool's saving, speed. */
function issue10Goals(all: readonly RunSummary[], speed: readonly SpeedRow[]): GoalRow[] {
  const find = (trace: string, id: string) => all.find((r) => r.trace === trace && r.policy === id);
  const goals: GoalRow[] = [];
  for (const bench of BENCH_TRACES) {
    const trace = all.find(
      (r) =>
        r.policy === `driftless:${bench.policies[0]}` &&
        (r.trace === bench.name || r.trace.startsWith(bench.name)),
    )?.trace;
    if (trace === undefined) continue;
    const d = find(trace, `driftless:${bench.policies[0]}`)!;
    const ray = find(trace, "ray-serve")!;
    const oracle = find(trace, "oracle");
    goals.push({
      goal: `${bench.name}: defaults (${bench.policies[0]}.json, Ray fields only) never worse than Ray Serve: violations <= Ray's, GPU-hours <= 1.05 x Ray's`,
      measured: `${d.slo.violationsPct.toFixed(2)} % vs ${ray.slo.violationsPct.toFixed(2)} %, ${d.gpuHours.toFixed(1)} vs ${ray.gpuHours.toFixed(1)} GPU-h; oracle ${oracle ? `${oracle.slo.violationsPct.toFixed(2)} % at ${oracle.gpuHours.toFixed(1)} GPU-h` : "-"}`,
      met: d.slo.violationsPct <= ray.slo.violationsPct && d.gpuHours <= 1.05 * ray.gpuHours,
      why: "Every system runs on the same instance layer (BENCH_ENVIRONMENT: stopped instances restarted in 45-75 s, Ray's cache_stopped_nodes or a warm pool), and the defaults set the group themselves (capacity auto), keeping idle instances 5 minutes as Ray does. Where they still lose, it is the load's path: driftless reads CloudWatch (10 s periods published 5 s late) where Ray's controller reads its replicas' pushes, so a burst right after a scale-down is seen up to a minute later (diurnal, minute 587). The *-managed rows show the same policy on ECS managed scaling (1-2 min reaction, 15 min scale-in).",
    });
  }
  for (const trace of ["market-hours", "market-hours-15d"]) {
    const cold = find(trace, "driftless:market-hours-direct");
    const warm = find(trace, "driftless:market-hours-direct-warm");
    if (!cold || !warm) continue;
    goals.push({
      goal: `${trace}: a warm pool under capacity mode direct saves SLO violations at about the same cost (market-hours-direct vs -direct-warm)`,
      measured: `${cold.slo.violationsPct.toFixed(2)} % -> ${warm.slo.violationsPct.toFixed(2)} % violations; ${cold.gpuHours.toFixed(1)} -> ${warm.gpuHours.toFixed(1)} GPU-h ($${cold.gpuCost.toFixed(2)} -> $${warm.gpuCost.toFixed(2)}) plus $${warm.stoppedCost.toFixed(2)} of EBS for ${warm.stoppedInstanceHours.toFixed(0)} stopped instance-hours`,
      met:
        warm.slo.violationsPct < cold.slo.violationsPct &&
        warm.gpuCost + warm.stoppedCost <= 1.05 * cold.gpuCost,
      why: "A restart from the pool takes 45-75 s instead of a 150-300 s boot; the pool holds the group's maximum minus its desired capacity, stopped (EBS only).",
    });
  }
  goals.push(...predictiveGoals(find));
  const one = speed.find((s) => s.policy === "driftless:adr-default" && s.trace === "market-hours");
  const fifteen = speed.find((s) => s.policy === "driftless:adr-default" && s.trace === "market-hours-15d");
  if (one && fifteen)
    goals.push({
      goal: ">= 5 simulated days per second for one driftless policy on one core (issue 10), on one day and on 15",
      measured: `${one.daysPerCpuSecond.toFixed(2)} days/CPU-s on market-hours (one day, best of ${SPEED_RUNS.oneDay} after ${SPEED_WARM_UPS} warm-up runs; the first, cold, ${one.cold?.toFixed(2) ?? "-"}), ${fifteen.daysPerCpuSecond.toFixed(2)} on its 15 days (best of ${SPEED_RUNS.fifteenDays} after ${SPEED_WARM_UPS} warm-up runs; the first, cold, ${fifteen.cold?.toFixed(2) ?? "-"}); driftless:adr-default, a fresh process, whole process CPU time (${one.daysPerSecond.toFixed(2)} and ${fifteen.daysPerSecond.toFixed(2)} days/s wall)`,
      met: one.daysPerCpuSecond >= 5 && fifteen.daysPerCpuSecond >= 5,
      why: "Each simulated day runs 8,640 engine rounds of the production code (plus alarm invocations): about half a run's CPU is the round itself (shared/engine, shared/policy), a quarter the simulated world and its metering, a tenth the garbage collector; CPU time counts the collector's and the compiler's helper threads too.",
    });
  return goals;
}

/** Issue 10's forecast-floor goals on the 15-day market-hours run, judged on its last 3 days. */
function predictiveGoals(find: (trace: string, id: string) => RunSummary | undefined): GoalRow[] {
  const trace = "market-hours-15d";
  const [p, ray, oracle] = ["driftless:market-hours-predictive", "ray-serve", "oracle"].map((id) =>
    find(trace, id),
  );
  // The same instance layer on both sides: the schedule alone on the warm pool the forecast runs on.
  const scheduled = find(trace, "driftless:market-hours-direct-warm");
  const both = find(trace, "driftless:market-hours-direct-predictive");
  if (!p || !ray || !oracle) return [];
  const v = (r: RunSummary) => r.slo.violationsPct;
  const goals: GoalRow[] = [
    {
      goal: `${trace}: DEFAULT_AUTOSCALING + direct + predictive forecast_and_scale, no schedule: <= 0.5 x Ray's violations and <= 1 %, GPU-hours <= Ray's`,
      measured: `${v(p).toFixed(2)} % vs Ray ${v(ray).toFixed(2)} % (${(v(p) / v(ray)).toFixed(2)} x), ${p.gpuHours.toFixed(1)} vs ${ray.gpuHours.toFixed(1)} GPU-h (${(p.gpuHours / ray.gpuHours).toFixed(3)} x)`,
      met: v(p) <= 0.5 * v(ray) && v(p) <= 1 && p.gpuHours <= ray.gpuHours,
      why: "The forecast floor (learnt from the first 12 days' Load history) brings capacity up a lead time before the open and the close.",
    },
    {
      goal: `${trace}: the same within 2 x the oracle's violations at <= 1.15 x its GPU-hours`,
      measured: `${v(p).toFixed(2)} % vs oracle ${v(oracle).toFixed(2)} % (${(v(p) / Math.max(1e-9, v(oracle))).toFixed(2)} x), ${(p.gpuHours / oracle.gpuHours).toFixed(3)} x its GPU-hours`,
      met: v(p) <= 2 * v(oracle) && p.gpuHours <= 1.15 * oracle.gpuHours,
      why: "The oracle knows the trace; the forecaster knows only the history the simulated CloudWatch kept.",
    },
  ];
  if (scheduled && both)
    goals.push({
      goal: `${trace}: with seed 001's market-hours schedule added, the forecast still helps (market-hours-direct-warm vs -direct-predictive)`,
      measured: `${v(scheduled).toFixed(2)} % -> ${v(both).toFixed(2)} % violations, ${scheduled.gpuHours.toFixed(1)} -> ${both.gpuHours.toFixed(1)} GPU-h`,
      met: v(both) < v(scheduled),
      why: "The schedule's minimum of 2 does not cover the open's 4 replicas; the floor does.",
    });
  return goals;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
const pct = (x: number) => `${(100 * x).toFixed(0)} %`;
function round(x: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

await main();
