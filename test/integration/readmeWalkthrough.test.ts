/**
 * The README's operator walkthrough, executed: every ```sh block marked `<!-- walkthrough -->` runs
 * in order, in one bash session from the repository root, with only AWS_ENDPOINT_URL set (no
 * credentials, no region), as an operator following the README would. The block marked
 * `start-emulator` is replaced by this suite's emulator; `stop-emulator` is skipped (the suite stops it).
 */
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { resetEmulator } from "../support/resetEmulator";
import { operatorEnv } from "../support/runDriftless";

const root = join(import.meta.dirname, "..", "..");

interface WalkthroughBlock {
  readonly kind: "run" | "start-emulator" | "stop-emulator";
  readonly commands: readonly string[];
  /** The README line of the block's first command. */
  readonly line: number;
}

/** The README's marked shell blocks in order, each as its command lines (comments and blanks dropped). */
function walkthroughBlocks(readme: string): WalkthroughBlock[] {
  const lines = readme.split("\n");
  const blocks: WalkthroughBlock[] = [];
  lines.forEach((text, i) => {
    const marker = /^<!-- walkthrough(?:: (start-emulator|stop-emulator))? -->$/.exec(text.trim());
    if (!marker || lines[i + 1]?.trim() !== "```sh") return;
    const end = lines.findIndex((l, j) => j > i + 1 && l.trim() === "```");
    const commands = lines
      .slice(i + 2, end)
      .map((l) => l.replace(/\s+#\s.*$/, "").trimEnd())
      .filter((l) => l.trim() !== "" && !l.trim().startsWith("#"));
    blocks.push({ kind: (marker[1] as WalkthroughBlock["kind"]) ?? "run", commands, line: i + 3 });
  });
  return blocks;
}

/** One bash script running `blocks` command by command: each is echoed, and the first failure names its README line. */
function script(blocks: readonly WalkthroughBlock[]): string {
  const steps = blocks
    .filter((b) => b.kind === "run")
    .flatMap((b) =>
      b.commands.map((c, k) => {
        const quoted = JSON.stringify(c);
        return `echo "\\$ "${quoted}\n${c} || { echo "README line ${b.line + k} failed: "${quoted} >&2; exit 97; }`;
      }),
    );
  return ["set -uo pipefail", ...steps].join("\n");
}

describe("the README walkthrough", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const blocks = walkthroughBlocks(readme);

  it("marks an emulator start, the runnable blocks and a stop", () => {
    expect(blocks.map((b) => b.kind)).toEqual([
      "start-emulator",
      ...blocks.filter((b) => b.kind === "run").map(() => "run"),
      "stop-emulator",
    ]);
    expect(blocks.filter((b) => b.kind === "run").length).toBeGreaterThanOrEqual(3);
    // The start block exports the endpoint that every later command relies on.
    expect(blocks[0]?.commands.some((c) => c.startsWith("export AWS_ENDPOINT_URL="))).toBe(true);
  });

  it("runs command by command on the emulator, without credentials or region, and does what it says", async () => {
    await resetEmulator();
    const home = mkdtempSync(join(tmpdir(), "driftless-readme-"));
    const env = operatorEnv(home, { TMPDIR: home });
    const { code, stdout, stderr } = await new Promise<{ code: number; stdout: string; stderr: string }>(
      (resolve) => {
        const child = execFile(
          "bash",
          ["-c", script(blocks)],
          { cwd: root, env, timeout: 280_000, maxBuffer: 10_000_000 },
          (error, out, err) =>
            resolve({
              code: error ? (typeof error.code === "number" ? error.code : 1) : 0,
              stdout: out,
              stderr: err,
            }),
        );
        child.stdin?.end();
      },
    );
    expect(stderr).not.toMatch(/README line \d+ failed/);
    expect(code).toBe(0);
    // What the walkthrough's comments promise.
    expect(stdout).toMatch(
      /stored llm v1\nsynced here: status valid; alarms written: driftless-llm\.scale-up, driftless-llm\.scale-down/,
    );
    expect(stdout).toMatch(/llm\s+v1\s+valid\s+\S+\s+\S+\s+synced v1/);
    expect(stdout).toMatch(/llm: 2 -> 4 \[ecs:llm=4\] scale up 2 -> 4/);
    expect(stdout).toMatch(/~ \$\.max_replicas: 4 -> 6/);
    expect(stdout).toMatch(/stored llm v2/);
    expect(stdout).toMatch(/wrote .*llm-vllmdeployment\.json \(application llm, deployment VLLMDeployment\)/);
    expect(stderr).toMatch(/\$\.target\.cluster: still to fill in/);
    expect(stdout).toMatch(/deleted llm \(was v4\)/);
  }, 300_000);
});
