import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const root = join(import.meta.dirname, "..", "..");

/** The demo's environment: no endpoint (it starts its own emulator), plain output, a short run. */
function demoEnv(seconds: number, out: string): NodeJS.ProcessEnv {
  const { AWS_ENDPOINT_URL: _endpoint, ...env } = process.env;
  return { ...env, DEMO_SECONDS: String(seconds), DEMO_OUT: out, DEMO_PLAIN: "1" };
}

/** The pid of the emulator this demo run started, as it printed it. */
function emulatorPid(output: string): number {
  const pid = /emulator moto_server pid (\d+) on http/.exec(output)?.[1];
  if (pid === undefined) throw new Error(`the demo did not say which emulator it started:\n${output}`);
  return Number(pid);
}

/** Whether a process is alive, by pid only: other emulators on the machine are none of this test's business. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

describe("npm run demo", () => {
  it("starts its own emulator, scales the example service, writes a report and stops what it started", async () => {
    const out = mkdtempSync(join(tmpdir(), "driftless-demo-"));
    const { stdout } = await run("npx", ["tsx", "demo/runDemo.ts"], {
      cwd: root,
      env: demoEnv(40, out),
      timeout: 120_000,
    });
    expect(stdout).toMatch(/starting the local AWS emulator/);
    expect(stdout).toMatch(/decision at \+\d+ s \((tick|alarm)\): 1 -> \d/);
    const report = readFileSync(join(out, "report.md"), "utf8");
    expect(report).toMatch(/decisions that changed the target \| [1-9]/);
    expect(JSON.parse(readFileSync(join(out, "report.json"), "utf8")).timeline.length).toBeGreaterThan(20);
    expect(alive(emulatorPid(stdout))).toBe(false);
  }, 150_000);

  it("stops cleanly on Ctrl-C: exit 130, a report, and its emulator stopped", async () => {
    const out = mkdtempSync(join(tmpdir(), "driftless-demo-"));
    // Its own process group, like a terminal's foreground job, so Ctrl-C reaches npx, tsx and the demo alike.
    const child = spawn("npx", ["tsx", "demo/runDemo.ts"], {
      cwd: root,
      env: demoEnv(120, out),
      stdio: "pipe",
      detached: true,
    });
    let output = "";
    child.stdout.on("data", (d: Buffer) => {
      output += d.toString();
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (/\+\d+ s quiet/.test(output)) {
          clearInterval(check);
          resolve();
        }
      }, 200);
    });
    const pid = emulatorPid(output);
    expect(alive(pid)).toBe(true);
    process.kill(-(child.pid ?? 0), "SIGINT");
    const exit = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
      child.on("exit", (code, signal) => resolve({ code, signal })),
    );
    // npx itself dies of the signal; the demo behind it finishes its report and stops the emulator.
    expect(exit.code === 130 || exit.signal === "SIGINT").toBe(true);
    const report = join(out, "report.md");
    for (let i = 0; i < 100 && (!existsSync(report) || alive(pid)); i++) {
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(readFileSync(report, "utf8")).toMatch(/interrupted/);
    expect(alive(pid)).toBe(false);
  }, 120_000);
});
