import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { driftlessCli } from "../support/runDriftless";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

async function driftless(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [driftlessCli, ...args], { cwd: root });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function file(name: string, content: string): string {
  const path = join(mkdtempSync(join(tmpdir(), "driftless-simulate-")), name);
  writeFileSync(path, content);
  return path;
}

const policy = JSON.stringify({ min_replicas: 1, max_replicas: 2, target_ongoing_requests: 2 });

describe("driftless simulate", () => {
  it("replays a request log, measures from --measure-from, and prints what each column means", async () => {
    const rows = Array.from({ length: 120 }, (_, i) => `${i * 5},${200 + i},${10 + (i % 7)}`);
    const log = file("log.csv", `t,input_tokens,output_tokens\n${rows.join("\n")}\n`);
    const p = file("p.json", policy);
    const json = await driftless([
      "simulate",
      "--trace",
      log,
      "--policy",
      p,
      "--peers",
      "ray-serve,oracle",
      "--measure-from",
      "5m",
      "--json",
    ]);
    expect(json.stderr).toBe("");
    expect(json.code).toBe(0);
    const out = JSON.parse(json.stdout) as {
      runs: { policy: string; requests: number; measuredFromS: number }[];
    };
    expect(out.runs.map((r) => r.policy)).toEqual(["driftless:p", "ray-serve", "oracle"]);
    // Requests at 300 s and later: rows 60..119.
    for (const r of out.runs) expect([r.requests, r.measuredFromS]).toEqual([60, 300]);
    const table = await driftless(["simulate", "--trace", log, "--policy", p]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^columns:$/m);
    expect(table.stdout).toMatch(/^ {2}stopped h \(\$\) {2,}instance-hours stopped/m);
  });

  it("lists every bad option and input at once and exits 2", async () => {
    const log = file("bad.csv", "TIMESTAMP,ContextTokens,GeneratedTokens\n2023-11-16 18:17:03.1,10,x\n");
    const result = await driftless([
      "simulate",
      "--trace",
      log,
      "--policy",
      "/nonexistent/p.json",
      "--seed",
      "-1",
      "--days",
      "3",
    ]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--seed: must be an integer/);
    expect(result.stderr).toMatch(/--days: only the built-in market-hours trace\(s\) take several days/);
    expect(result.stderr).toMatch(
      /bad\.csv: line 2 \(generatedtokens\): "x" is not a whole number of tokens/,
    );
    expect(result.stderr).toMatch(/\/nonexistent\/p\.json: cannot read a policy/);
    const typo = file("typo.json", JSON.stringify({ min_replicas: 1, max_replica: 2 }));
    const both = await driftless(["simulate", "--trace", "market-hours", "--policy", typo, "--days", "0"]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/--days: must be a whole number/);
    expect(both.stderr).toMatch(/typo: \$\.max_replica/);
    const measure = await driftless([
      "simulate",
      "--trace",
      "market-hours",
      "--policy",
      file("q.json", policy),
      "--measure-from",
      "2 days",
    ]);
    expect(measure.code).toBe(2);
    expect(measure.stderr).toMatch(
      /--measure-from: 172800 s is not before the end of trace market-hours \(86400 s\)/,
    );
  });
});
