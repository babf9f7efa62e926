import { execFile } from "node:child_process";
import { join } from "node:path";
import { inject } from "vitest";

const root = join(import.meta.dirname, "..", "..");
/**
 * The module a test starts with `node` to run the `driftless` command line: the CLI compiled once per
 * run by cliBundle.ts, or the `driftless` bin itself where no bundle was provided.
 */
export const driftlessCli: string = inject("driftlessCli") ?? join(root, "bin", "driftless.mjs");

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * The environment an operator on a fresh machine has: PATH and HOME, and only AWS_ENDPOINT_URL of the
 * AWS variables (no credentials, no region), plus `extra`. HOME is the caller's temp dir, so no
 * ~/.aws profile of this machine leaks in.
 */
export function operatorEnv(home: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: home,
    ...(process.env.AWS_ENDPOINT_URL ? { AWS_ENDPOINT_URL: process.env.AWS_ENDPOINT_URL } : {}),
    ...extra,
  };
}

/**
 * Runs the `driftless` command line with `args` as a child process (`node` on the CLI that cliBundle.ts
 * compiled for this run) with `env`, stdin closed or fed `stdin`.
 */
export function runDriftless(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [driftlessCli, ...args],
      { cwd: root, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? "");
  });
}
