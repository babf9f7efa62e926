import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { Command } from "commander";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { PEER_NAMES, type PeerName } from "../../sim/peers/createPeers";
import { ASSUMPTIONS } from "../../sim/report/ASSUMPTIONS";
import { formatJson } from "../../sim/report/formatJson";
import { formatResultsTable } from "../../sim/report/formatResultsTable";
import { PRICE_LINES, PRICES } from "../../sim/report/PRICES";
import { renderReportHtml } from "../../sim/report/renderReportHtml";
import { type NamedPolicy, runComparison } from "../../sim/runComparison";
import { BUILTIN_TRACES } from "../../sim/traces/builtinTraces";
import { parseTraceFile } from "../../sim/traces/parseTraceFile";
import type { Trace } from "../../sim/traces/Trace";

interface SimulateOptions {
  trace: string;
  policy: string[];
  peers?: string;
  seed: string;
  json?: boolean;
  report?: string;
}

/**
 * Registers `driftless simulate --trace NAME|FILE --policy FILE [--peers all|LIST] [--seed N] [--json]
 * [--report FILE.html]`: runs the policy with driftless's real engine on a simulated trace (and the
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
    .option("--json", "print the results as JSON")
    .option("--report <file.html>", "write the offline HTML report with charts")
    .action(async (options: SimulateOptions) => {
      const problems: ValidationProblem[] = [];
      const seed = Number(options.seed);
      if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1)
        problems.push({ path: "--seed", message: "must be an integer between 0 and 4294967295" });
      const peers = parsePeers(options.peers, problems);
      const trace = loadTrace(options.trace, Number.isInteger(seed) ? seed : 1, problems);
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
      if (problems.length > 0 || !trace) return fail(problems);
      const outcome = await runComparison(trace, policies, { seed, peers });
      if (!outcome.ok) return fail(outcome.problems);
      const summaries = outcome.results.map((r) => r.summary);
      process.stdout.write(
        options.json
          ? formatJson({ trace: trace.name, seed, prices: PRICES, runs: summaries })
          : `${formatResultsTable(summaries)}\n`,
      );
      if (options.report) {
        const command = [
          "driftless simulate",
          `--trace ${options.trace}`,
          ...options.policy.map((p) => `--policy ${p}`),
          ...(options.peers ? [`--peers ${options.peers}`] : []),
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

function loadTrace(value: string, seed: number, problems: ValidationProblem[]): Trace | undefined {
  const builtin = BUILTIN_TRACES[value];
  if (builtin && !existsSync(value)) return builtin(seed);
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
