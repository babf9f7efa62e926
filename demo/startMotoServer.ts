/**
 * Starts `moto_server` (the AWS API emulator) on a free 127.0.0.1 port for the demo and the
 * integration tests, and stops its whole process group on stop(), process exit, Ctrl-C or SIGTERM.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { join } from "node:path";
import { MOTO_VERSION, resolveMotoServer } from "./resolveMotoServer";

const HOST = "127.0.0.1";
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_GRACE_MS = 3_000;
const INSTALL_HINT = `Install it with: pip install "moto[server]==${MOTO_VERSION}" (or set AWS_ENDPOINT_URL to a running emulator).`;
const PROJECT_ROOT = join(import.meta.dirname, "..");

/** A moto_server this process started. */
export interface RunningMoto {
  endpoint: string;
  /** The process id of the moto_server this process started (also its process group). */
  pid: number;
  stop(): Promise<void>;
}

/**
 * Spawns moto_server (found or installed by resolveMotoServer), retrying on a port lost to a race
 * between choosing it and moto binding it.
 */
export async function startMotoServer(): Promise<RunningMoto> {
  const command = await resolveMotoServer({ projectRoot: PROJECT_ROOT });
  let lastError: unknown;
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    try {
      return await spawnMoto(command, port);
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

async function spawnMoto(command: string, port: number): Promise<RunningMoto> {
  const endpoint = `http://${HOST}:${port}`;
  // Own process group, so teardown can signal moto and anything it spawned with one kill(-pid).
  const child = spawn(command, ["-H", HOST, "-p", String(port)], {
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
    // Only re-raise when nobody else (vitest, the demo) handles the signal, so the default exit still happens.
    const others = process.listenerCount(signal) - 1;
    unhook();
    if (others === 0) process.kill(process.pid, signal);
  };
  const signals: NodeJS.Signals[] = ["SIGINT", "SIGTERM", "SIGHUP"];
  process.once("exit", stopSync);
  for (const signal of signals) process.on(signal, onSignal);
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
    pid: child.pid ?? 0,
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
