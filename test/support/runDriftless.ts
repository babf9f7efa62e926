import { execFile } from "node:child_process";
import { join } from "node:path";

const root = join(import.meta.dirname, "..", "..");
const bin = join(root, "bin", "driftless.mjs");

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

/** Runs `bin/driftless.mjs args` as a child process with `env`, stdin closed or fed `stdin`. */
export function runDriftless(
  args: readonly string[],
  env: NodeJS.ProcessEnv,
  stdin?: string,
): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = execFile(
      process.execPath,
      [bin, ...args],
      { cwd: root, env, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
    child.stdin?.end(stdin ?? "");
  });
}
