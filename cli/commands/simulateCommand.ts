import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { PEER_NAMES, type PeerName } from "../../sim/peers/createPeers";
import { ASSUMPTIONS } from "../../sim/report/ASSUMPTIONS";
import { formatJson } from "../../sim/report/formatJson";
import { formatColumnLegend, formatResultsTable } from "../../sim/report/formatResultsTable";
import { PRICE_LINES, PRICES } from "../../sim/report/PRICES";
import { renderReportHtml } from "../../sim/report/renderReportHtml";
import { comparisonProblems, type NamedPolicy, runComparison } from "../../sim/runComparison";
import { BUILTIN_TRACES, MULTI_DAY_TRACES } from "../../sim/traces/builtinTraces";
import { parseTraceFile } from "../../sim/traces/parseTraceFile";
import type { Trace } from "../../sim/traces/Trace";

interface SimulateOptions {
  trace: string;
  policy: string[];
  peers?: string;
  seed: string;
  json?: boolean;
  report?: string;
  days?: string;
  measureFrom?: string;
  warmPool?: boolean;
}

/**
 * Registers `driftless simulate --trace NAME|FILE --policy FILE [--peers all|LIST] [--seed N]
 * [--days N] [--measure-from SECONDS] [--json] [--report FILE.html]`: runs the policy with driftless's real engine on a simulated trace (and the
 * chosen peers on the same requests), prints the results table or JSON, optionally writes the HTML
 * report. Exit 2 on invalid input, with every problem on stderr.
 */
export function registerSimulateCommand(program: Command): void {
  program
    .command("simulate")
    .description(
      "simulate a policy on a trace with the production engine, against peer autoscalers (exit 2 on invalid input)",
    )
    .requiredOption(
      "-t, --trace <name|file>",
      `a built-in trace (${Object.keys(BUILTIN_TRACES).join(", ")}) or a CSV/JSON trace file`,
    )
    .requiredOption(
      "-p, --policy <file>",
      'a policy JSON file (one policy, or {"stages": [...]} for a pipeline); repeat to compare several',
      (value: string, previous: string[]) => [...previous, value],
      [] as string[],
    )
    .option("--peers <all|list>", `peers to compare: all, or a comma list of ${PEER_NAMES.join(", ")}`)
    .option("--seed <n>", "random seed (same seed, same results)", "1")
    .option(
      "--days <n>",
      `simulate N days of a built-in trace (${MULTI_DAY_TRACES.join(", ")}): weekdays and weekends differ, each day drawn from the seed`,
    )
    .option(
      "--measure-from <seconds>",
      'count only requests arriving, and GPU-hours accrued, from this long after the trace start (seconds, or with a unit: "12d", "12 days", "36h", "90m")',
    )
    .option(
      "--warm-pool",
      'the GPU Auto Scaling groups have a warm pool (Stopped, reused on scale-in): instances restart in 45-75 s instead of booting (a policy file can say so for its own run: "simulation": {"warm_pool": true})',
    )
    .option("--json", "print the results as JSON")
    .option("--report <file.html>", "write the offline HTML report with charts")
    .action(async (options: SimulateOptions) => {
      const problems: ValidationProblem[] = [];
      const seed = Number(options.seed);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
        problems.push({ path: "--seed", message: "must be an integer between 0 and 4294967295" });
      const peers = parsePeers(options.peers, problems);
      const days = parseDays(options.days, options.trace, problems);
      const loaded = loadTrace(options.trace, Number.isInteger(seed) ? seed : 1, days, problems);
      const trace = loaded && withMeasureFrom(loaded, options.measureFrom, problems);
      const policies: NamedPolicy[] = [];
      for (const file of options.policy) {
        try {
          policies.push({
            name: file.replace(/^.*[\\/]/, "").replace(/\.json$/i, ""),
            policy: JSON.parse(readFileSync(file, "utf8")),
          });
        } catch (error) {
          problems.push({ path: file, message: `cannot read a policy: ${(error as Error).message}` });
        }
      }
      // Every problem at once: the policies are checked against the trace even when an option is wrong.
      if (trace) problems.push(...comparisonProblems(trace, policies));
      if (problems.length > 0 || !trace) return fail(problems);
      const outcome = await runComparison(trace, policies, {
        seed,
        peers,
        environment: { warmPool: options.warmPool === true },
      });
      if (!outcome.ok) return fail(outcome.problems);
      const summaries = outcome.results.map((r) => r.summary);
      process.stdout.write(
        options.json
          ? formatJson({ trace: trace.name, seed, prices: PRICES, runs: summaries })
          : `${formatResultsTable(summaries)}\n\n${formatColumnLegend()}\n`,
      );
      if (options.report) {
        const command = [
          "driftless simulate",
          `--trace ${options.trace}`,
          ...options.policy.map((p) => `--policy ${p}`),
          ...(options.peers ? [`--peers ${options.peers}`] : []),
          ...(options.days ? [`--days ${options.days}`] : []),
          ...(options.measureFrom ? [`--measure-from "${options.measureFrom}"`] : []),
          ...(options.warmPool ? ["--warm-pool"] : []),
          `--seed ${seed}`,
        ].join(" ");
        writeFileSync(
          options.report,
          renderReportHtml({
            title: `driftless simulate: ${trace.name}`,
            command,
            seed,
            sections: [{ trace, results: outcome.results }],
            assumptions: ASSUMPTIONS,
            prices: PRICE_LINES,
          }),
        );
        process.stderr.write(`wrote ${options.report}\n`);
      }
    });
}

function parsePeers(value: string | undefined, problems: ValidationProblem[]): PeerName[] {
  if (value === undefined || value === "") return [];
  if (value === "all") return [...PEER_NAMES];
  const names = value.split(",").map((s) => s.trim());
  const known = new Set<string>(PEER_NAMES);
  for (const n of names)
    if (!known.has(n))
      problems.push({ path: "--peers", message: `unknown peer "${n}" (all, ${PEER_NAMES.join(", ")})` });
  return names.filter((n): n is PeerName => known.has(n));
}

function parseDays(value: string | undefined, trace: string, problems: ValidationProblem[]): number {
  if (value === undefined) return 1;
  const days = Number(value);
  if (!Number.isInteger(days) || days < 1 || days > 31)
    problems.push({ path: "--days", message: "must be a whole number of days from 1 to 31" });
  else if (days > 1 && !MULTI_DAY_TRACES.includes(trace))
    problems.push({
      path: "--days",
      message: `only the built-in ${MULTI_DAY_TRACES.join(", ")} trace(s) take several days; a trace file covers its own time`,
    });
  return Number.isInteger(days) && days >= 1 && days <= 31 ? days : 1;
}

const UNIT_S: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** `--measure-from`: seconds after the trace start, plain or with a unit (s, m, h, d; words too). */
function withMeasureFrom(
  trace: Trace,
  value: string | undefined,
  problems: ValidationProblem[],
): Trace | undefined {
  if (value === undefined) return trace;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|seconds?|m|min|mins|minutes?|h|hours?|d|days?)?\s*$/i.exec(
    value,
  );
  const seconds = m ? Number(m[1]) * UNIT_S[(m[2] ?? "s")[0]!.toLowerCase()]! : Number.NaN;
  if (!Number.isFinite(seconds)) {
    problems.push({
      path: "--measure-from",
      message: `"${value}" is not a duration (e.g. 1036800, "12d", "12 days")`,
    });
    return undefined;
  }
  if (seconds >= trace.durationS) {
    problems.push({
      path: "--measure-from",
      message: `${seconds} s is not before the end of trace ${trace.name} (${trace.durationS} s)`,
    });
    return undefined;
  }
  return { ...trace, measureFromS: seconds };
}

function loadTrace(
  value: string,
  seed: number,
  days: number,
  problems: ValidationProblem[],
): Trace | undefined {
  const builtin = BUILTIN_TRACES[value];
  if (builtin && !existsSync(value)) return builtin(seed, days);
  let text: string;
  try {
    text = readFileSync(value, "utf8");
  } catch (error) {
    problems.push({
      path: "--trace",
      message: `neither a built-in trace (${Object.keys(BUILTIN_TRACES).join(", ")}) nor a readable file: ${(error as Error).message}`,
    });
    return undefined;
  }
  const parsed = parseTraceFile(text, value);
  if (!parsed.ok) {
    for (const p of parsed.problems) problems.push({ path: `${value}: ${p.path}`, message: p.message });
    return undefined;
  }
  return parsed.trace;
}

function fail(problems: readonly ValidationProblem[]): void {
  process.stderr.write(`invalid simulate input (${problems.length} problem(s)):\n`);
  for (const p of problems) process.stderr.write(`  ${p.path}: ${p.message}\n`);
  process.exitCode = 2;
}
