import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { driftlessCli } from "../support/runDriftless";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

async function driftless(args: string[], stdin?: string): Promise<CliResult> {
  const child = run(process.execPath, [driftlessCli, ...args], { cwd: root });
  if (stdin !== undefined) {
    child.child.stdin?.end(stdin);
  }
  try {
    const { stdout, stderr } = await child;
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

function fileWith(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), "driftless-decide-"));
  const file = join(dir, "input.json");
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

const burst = {
  policy: { min_replicas: 1, max_replicas: 10, upscale_delay_s: 20 },
  steps: [
    { now: 100, current_replicas: 2, total_ongoing_requests: 12 },
    { now: 110, current_replicas: 2, total_ongoing_requests: 12 },
    { now: 120, current_replicas: 2, total_ongoing_requests: 12 },
  ],
};

describe("driftless decide (through the real command line)", () => {
  it("prints one object with each step's decision and the final state for one case", async () => {
    const result = await driftless(["decide", "--input", fileWith(burst)]);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(out.decisions.map((d: { desired_replicas: number }) => d.desired_replicas)).toEqual([2, 2, 6]);
    expect(out.decisions[2]).toMatchObject({ now: 120 });
    expect(out.decisions[2].reason).toMatch(/scale up 2 -> 6/);
    expect(out.state.target_replicas).toBe(6);
  });

  it("prints an array for an array of cases and reads stdin with -", async () => {
    const result = await driftless(
      ["decide", "--input", "-"],
      JSON.stringify([burst, { ...burst, target_replicas: 6 }]),
    );
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout);
    expect(Array.isArray(out)).toBe(true);
    expect(out).toHaveLength(2);
    expect(out[1].decisions[0].desired_replicas).toBe(6);
  });

  it("continues from a state an earlier run printed", async () => {
    const first = JSON.parse(
      (await driftless(["decide", "--input", fileWith({ ...burst, steps: burst.steps.slice(0, 2) })])).stdout,
    );
    const second = await driftless([
      "decide",
      "--input",
      fileWith({ ...burst, state: first.state, steps: burst.steps.slice(2) }),
    ]);
    expect(JSON.parse(second.stdout).decisions[0].desired_replicas).toBe(6);
  });

  it("exits 2 with nothing on stdout and every problem with its JSON path on stderr", async () => {
    const bad = [
      burst,
      {
        policy: { min_replicas: 3, max_replicas: 2, upscale_dealy_s: 1 },
        steps: [{ now: "x", current_replicas: -1 }],
      },
    ];
    const result = await driftless(["decide", "--input", fileWith(bad)]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    for (const path of [
      "$[1].policy.min_replicas",
      "$[1].policy.upscale_dealy_s",
      "$[1].steps[0].now",
      "$[1].steps[0].current_replicas",
      "$[1].steps[0].total_ongoing_requests",
    ]) {
      expect(result.stderr).toContain(path);
    }
    expect(result.stderr).toContain('did you mean "upscale_delay_s"');
  });

  it("exits 2 on malformed JSON and on a missing file", async () => {
    const malformed = await driftless(["decide", "--input", fileWith("{not json")]);
    expect(malformed.code).toBe(2);
    expect(malformed.stdout).toBe("");
    const missing = await driftless(["decide", "--input", "/nonexistent/driftless.json"]);
    expect(missing.code).toBe(2);
  });

  it("exits 2 on a usage error", async () => {
    const result = await driftless(["decide"]);
    expect(result.code).toBe(2);
  });

  it("works as the README says: npm run -s driftless -- decide", async () => {
    const { stdout } = await run(
      "npm",
      ["run", "-s", "driftless", "--", "decide", "--input", join(root, "examples", "decide-burst.json")],
      {
        cwd: root,
      },
    );
    const out = JSON.parse(stdout);
    expect(out.decisions.at(-1).desired_replicas).toBe(2);
  });
});
