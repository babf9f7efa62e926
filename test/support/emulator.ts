/**
 * Vitest globalSetup for the integration project: makes an AWS API emulator available to the test workers.
 *
 * - `AWS_ENDPOINT_URL` set (LocalStack at http://localhost:4566, a moto you started, or any other endpoint):
 *   used as is, nothing is started.
 * - `AWS_ENDPOINT_URL` unset: spawns `moto_server` on a free 127.0.0.1 port, waits until it answers HTTP, and
 *   exports the endpoint, region and dummy credentials to the workers. Teardown (and process exit, Ctrl-C,
 *   SIGTERM) kills its whole process group.
 *
 * The values reach the integration workers through `provide`/`inject`, and `emulatorEnv.ts` (a setupFile)
 * copies them into each worker's `process.env`. Setting `process.env` here would also work with the forks
 * pool (workers are forked after globalSetup and copy the main process env) but would leak the emulator
 * endpoint into the unit project's workers too.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import type { TestProject } from "vitest/node";
import { isMoto } from "./resetEmulator";

declare module "vitest" {
  export interface ProvidedContext {
    /** Base URL of the AWS API emulator (or other endpoint) the integration tests talk to. */
    awsEndpointUrl: string;
    /** AWS_* variables `emulatorEnv.ts` sets in each integration test worker. */
    awsEnv: Record<string, string>;
    /** `moto` when the endpoint is a moto server (started here or given), `other` for anything else. */
    awsEmulator: "moto" | "other";
  }
}

const HOST = "127.0.0.1";
const DEFAULT_REGION = "us-east-1";
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;
const INSTALL_HINT =
  'Install it with: pip install "moto[server]" (or set AWS_ENDPOINT_URL to a running emulator).';

/** Starts (or adopts) the emulator and returns the teardown that stops whatever it started. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.AWS_ENDPOINT_URL;
  const moto = given ? undefined : await startMoto();
  const endpoint = given ?? moto?.endpoint ?? "";
  const awsEnv = {
    AWS_ENDPOINT_URL: endpoint,
    AWS_REGION: process.env.AWS_REGION ?? DEFAULT_REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "test",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "test",
  };
  project.provide("awsEnv", awsEnv);
  project.provide("awsEndpointUrl", endpoint);
  project.provide("awsEmulator", (moto ?? (await isMoto(endpoint))) ? "moto" : "other");
  return async () => {
    await moto?.stop();
  };
}

interface RunningMoto {
  endpoint: string;
  stop(): Promise<void>;
}

/** Spawns moto_server, retrying on a port lost to a race between choosing it and moto binding it. */
async function startMoto(): Promise<RunningMoto> {
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    try {
      return await spawnMoto(port);
    } catch (error) {
      if (error instanceof MotoMissingError) throw error;
      lastError = error;
    }
  }
  throw lastError;
}

class MotoMissingError extends Error {
  override name = "MotoMissingError";
}

async function spawnMoto(port: number): Promise<RunningMoto> {
  const endpoint = `http://${HOST}:${port}`;
  // Own process group, so teardown can signal moto and anything it spawned with one kill(-pid).
  const child = spawn("moto_server", ["-H", HOST, "-p", String(port)], {
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 50) output.shift();
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);

  const spawnError = new Promise<never>((_, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "ENOENT"
          ? new MotoMissingError(`moto_server was not found on PATH. ${INSTALL_HINT}`)
          : new Error(`moto_server could not be started: ${error.message}. ${INSTALL_HINT}`, {
              cause: error,
            }),
      );
    });
    child.once("exit", (code, signal) => {
      reject(
        new Error(
          `moto_server exited during startup (code ${code}, signal ${signal}) on port ${port}.\n${output.join("")}`,
        ),
      );
    });
  });
  spawnError.catch(() => {});

  const stopSync = () => killGroup(child, "SIGKILL");
  const onSignal = (signal: NodeJS.Signals) => {
    stopSync();
    // Only re-raise when nobody else (vitest) handles the signal, so the default exit still happens.
    if (process.listenerCount(signal) === 0) process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  process.once("exit", stopSync);
  for (const signal of signals) process.once(signal, onSignal);
  const unhook = () => {
    process.off("exit", stopSync);
    for (const signal of signals) process.off(signal, onSignal);
  };

  try {
    await Promise.race([waitForHttp(`${endpoint}/moto-api/`, STARTUP_TIMEOUT_MS), spawnError]);
  } catch (error) {
    unhook();
    killGroup(child, "SIGKILL");
    if (error instanceof StartupTimeoutError) {
      throw new Error(
        `moto_server did not answer on ${endpoint} within ${STARTUP_TIMEOUT_MS} ms. ${INSTALL_HINT}\n${output.join("")}`,
      );
    }
    throw error;
  }
  child.removeAllListeners("exit");
  child.stdout?.removeAllListeners("data");
  child.stderr?.removeAllListeners("data");
  child.stdout?.resume();
  child.stderr?.resume();

  return {
    endpoint,
    async stop() {
      unhook();
      await stopGracefully(child);
    },
  };
}

class StartupTimeoutError extends Error {
  override name = "StartupTimeoutError";
}

/** Polls `url` until it answers any HTTP status; throws StartupTimeoutError after `timeoutMs`. */
async function waitForHttp(url: string, timeoutMs: number): Promise<void> {
  const start = Date.now();
  for (let k = 1; ; k++) {
    try {
      await fetch(url, { signal: AbortSignal.timeout(1_000) });
      return;
    } catch {
      // Not listening yet.
    }
    const deadline = start + k * 100;
    if (Date.now() - start >= timeoutMs) throw new StartupTimeoutError(url);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())));
  }
}

async function stopGracefully(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, "exit");
  killGroup(child, "SIGTERM");
  const timer = setTimeout(() => killGroup(child, "SIGKILL"), STOP_GRACE_MS);
  await exited;
  clearTimeout(timer);
  // Children that ignored SIGTERM outlive the leader; make sure the group is gone.
  killGroup(child, "SIGKILL");
}

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Group already gone.
  }
}

/** Asks the kernel for a free TCP port on HOST. */
async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, HOST);
  await once(server, "listening");
  const address = server.address();
  server.close();
  await once(server, "close");
  if (address === null || typeof address === "string") throw new Error("could not determine a free port");
  return address.port;
}
