/**
 * Finds the `moto_server` command for the demo and the integration tests, installing a pinned one
 * into a project-local virtualenv when the machine has none, so `npm run demo` and `npm test` work on
 * a fresh machine with Node and Python.
 */
import { spawn } from "node:child_process";
import { accessSync, constants } from "node:fs";
import { delimiter, join } from "node:path";

/** The moto release the emulator tests are written against (its ECS, CloudWatch and DynamoDB behaviour). */
export const MOTO_VERSION = "5.2.1";
const REQUIREMENT = `moto[server]==${MOTO_VERSION}`;

export interface MotoResolverOptions {
  /** The project root; the virtualenv is `<root>/.venv`. */
  readonly projectRoot: string;
  /** The environment whose PATH is searched (process.env by default). */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** The Python to create the virtualenv with (default `python3`). */
  readonly python?: string;
  /** Progress lines for the operator (installing takes a while once). */
  readonly log?: (line: string) => void;
}

/** moto_server could not be found nor installed; the message says why and what to do. */
export class MotoUnavailableError extends Error {
  override name = "MotoUnavailableError";
}

/**
 * The moto_server to run: the one on PATH, else `<root>/.venv/bin/moto_server`, else a fresh
 * `python3 -m venv .venv` with `pip install "moto[server]==MOTO_VERSION"` in it. Throws
 * MotoUnavailableError naming the failed step and the fix when none can be had.
 */
export async function resolveMotoServer(options: MotoResolverOptions): Promise<string> {
  const env = options.env ?? process.env;
  const onPath = findOnPath("moto_server", env.PATH ?? "");
  if (onPath) return onPath;
  const venv = join(options.projectRoot, ".venv");
  const local = join(venv, "bin", "moto_server");
  if (isExecutable(local)) return local;
  const python = options.python ?? "python3";
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const fix = `Install it yourself (pip install "${REQUIREMENT}"), or set AWS_ENDPOINT_URL to a running emulator.`;
  log(
    `moto_server is not installed: installing ${REQUIREMENT} into ${venv} (once; needs Python 3 and access to PyPI)`,
  );
  await run(python, ["-m", "venv", venv], env, `${python} -m venv ${venv}`, fix);
  await run(
    join(venv, "bin", "pip"),
    ["install", "--quiet", REQUIREMENT],
    env,
    `pip install "${REQUIREMENT}" into ${venv}`,
    fix,
  );
  if (!isExecutable(local)) {
    throw new MotoUnavailableError(
      `pip installed ${REQUIREMENT} into ${venv} but ${local} is missing. ${fix}`,
    );
  }
  return local;
}

function findOnPath(command: string, path: string): string | undefined {
  for (const dir of path.split(delimiter)) {
    if (dir === "") continue;
    const candidate = join(dir, command);
    if (isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Runs one install step; on failure throws MotoUnavailableError with the step, its last output and the fix. */
function run(
  command: string,
  args: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  step: string,
  fix: string,
): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { env: env as NodeJS.ProcessEnv, stdio: ["ignore", "pipe", "pipe"] });
    let output = "";
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-2000);
    };
    child.stdout.on("data", keep);
    child.stderr.on("data", keep);
    child.once("error", (error: NodeJS.ErrnoException) => {
      const why = error.code === "ENOENT" ? `${command} was not found` : error.message;
      reject(new MotoUnavailableError(`moto_server is not installed and ${step} failed: ${why}. ${fix}`));
    });
    child.once("close", (code) => {
      if (code === 0) return resolve();
      const last = output.trim().split("\n").slice(-1)[0] ?? "";
      reject(
        new MotoUnavailableError(
          `moto_server is not installed and ${step} failed (exit ${code}): ${last}. ${fix}`,
        ),
      );
    });
  });
}
