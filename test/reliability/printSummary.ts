/**
 * Prints the reliability summary table from the counters the suites appended (see reliabilitySummary.ts),
 * then removes the file. `--reset` creates an empty file instead (so the suites start collecting); `--keep`
 * prints without removing. Exits 1 when a must-be-zero counter is not zero, or nothing was collected.
 *
 *   npm run test:reliability                          # CI size: reset, vitest, print
 *   RELIABILITY_SCALE=long npm run test:reliability   # the long version
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { type ReliabilityCounters, SUMMARY_ENV, summaryPath } from "./reliabilitySummary";

const args = process.argv.slice(2);
const path = summaryPath();

if (args.includes("--reset")) {
  writeFileSync(path, "");
  console.log(`reliability counters: collecting in ${path} (${SUMMARY_ENV} overrides)`);
  process.exit(0);
}

if (!existsSync(path)) {
  console.error(`no reliability counters at ${path}: run \`npm run test:reliability\``);
  process.exit(1);
}
const rows = readFileSync(path, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as ReliabilityCounters)
  .sort((a, b) => a.suite.localeCompare(b.suite));
if (!args.includes("--keep")) rmSync(path);

const COLUMNS: { key: keyof ReliabilityCounters; title: string; mustBeZero?: true }[] = [
  { key: "faultsInjected", title: "faults injected" },
  { key: "evaluations", title: "evaluations" },
  { key: "actions", title: "actions" },
  { key: "doubleActions", title: "double actions", mustBeZero: true },
  { key: "lostUpdates", title: "lost updates", mustBeZero: true },
  { key: "loopCrashes", title: "loop crashes", mustBeZero: true },
  { key: "wrongDirection", title: "wrong-direction", mustBeZero: true },
  { key: "conflicts", title: "conflicts" },
];

const number = (row: ReliabilityCounters, key: keyof ReliabilityCounters) => {
  const value = row[key];
  return typeof value === "number" ? value : 0;
};
const total: ReliabilityCounters = {
  suite: "TOTAL",
  faultsInjected: 0,
  evaluations: 0,
  actions: 0,
  doubleActions: 0,
  lostUpdates: 0,
  loopCrashes: 0,
  wrongDirection: 0,
  conflicts: 0,
};
for (const row of rows)
  for (const { key } of COLUMNS)
    (total as unknown as Record<string, number>)[key] = number(total, key) + number(row, key);

const table = [
  ["suite", ...COLUMNS.map((c) => c.title)],
  ...[...rows, total].map((r) => [r.suite, ...COLUMNS.map((c) => String(number(r, c.key)))]),
];
const widths = table[0]!.map((_, i) => Math.max(...table.map((line) => line[i]!.length)));
const render = (line: string[]) =>
  line.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join(" | ");
const rule = widths.map((w) => "-".repeat(w)).join("-|-");

console.log("\nReliability summary");
console.log(render(table[0]!));
console.log(rule);
for (const line of table.slice(1, -1)) console.log(render(line));
console.log(rule);
console.log(render(table.at(-1)!));

for (const row of rows.filter((r) => r.details !== undefined)) {
  console.log(`\n${row.suite}`);
  for (const [k, v] of Object.entries(row.details ?? {})) console.log(`  ${k}: ${v}`);
}

const violations = COLUMNS.filter((c) => c.mustBeZero && number(total, c.key) !== 0).map(
  (c) => `${c.title} ${number(total, c.key)}`,
);
if (rows.length === 0) violations.push("no suite reported");
console.log(
  violations.length === 0
    ? `\nOK: ${rows.length} suites; double actions, lost updates, loop crashes and wrong-direction actions are all 0.`
    : `\nFAILED: ${violations.join(", ")}`,
);
process.exit(violations.length === 0 ? 0 : 1);
