/**
 * Vitest globalSetup for the integration project: makes an AWS API emulator available to the test workers.
 *
 * - `AWS_ENDPOINT_URL` set (LocalStack at http://localhost:4566, a moto you started, or any other endpoint):
 *   used as is, nothing is started.
 * - `AWS_ENDPOINT_URL` unset: spawns one `moto_server` per integration worker (the project's `maxWorkers`),
 *   each on a free 127.0.0.1 port, waits until they answer HTTP, and exports the endpoints, region and dummy
 *   credentials to the workers; each worker talks to its own (workerEndpoint.ts), so files run in parallel
 *   while resetEmulator() still wipes only the account of the file that asks. Teardown (and process exit,
 *   Ctrl-C, SIGTERM) kills each one's whole process group, by the pid this setup started.
 *
 * - Then, the IAM call proof: the workers record every AWS call a driftless function makes into a JSONL
 *   file this setup names (`awsCallLog`; see emulatorCallRecorder.ts), and the teardown evaluates each
 *   against the function's role in the synthesized template (emulatorIamProof.ts). vitest only logs an
 *   error thrown by a teardown, so a denial sets the exit code to 1 (and prints every denial) instead.
 *
 * The values reach the integration workers through `provide`/`inject`, and `emulatorEnv.ts` (a setupFile)
 * copies them into each worker's `process.env`. Setting `process.env` here would also work with the forks
 * pool (workers are forked after globalSetup and copy the main process env) but would leak the emulator
 * endpoint into the unit project's workers too.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TestProject } from "vitest/node";
import { type RunningMoto, startMotoServer } from "../../demo/startMotoServer";
import { proveRecordedCalls } from "./emulatorIamProof";
import { isMoto } from "./resetEmulator";

declare module "vitest" {
  export interface ProvidedContext {
    /**
     * Base URL of each AWS API emulator (or the one other endpoint): worker `VITEST_POOL_ID` n talks to
     * the n-th (workerEndpoint.ts), which `emulatorEnv.ts` sets as its AWS_ENDPOINT_URL.
     */
    awsEndpoints: string[];
    /** AWS_* variables besides AWS_ENDPOINT_URL that `emulatorEnv.ts` sets in each integration test worker. */
    awsEnv: Record<string, string>;
    /** `moto` when the endpoint is a moto server (started here or given), `other` for anything else. */
    awsEmulator: "moto" | "other";
    /** JSONL file the workers append each driftless function's AWS calls to, for the IAM call proof. */
    awsCallLog: string;
  }
}

const DEFAULT_REGION = "us-east-1";

/** Starts (or adopts) the emulator and returns the teardown that stops whatever it started. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const given = process.env.AWS_ENDPOINT_URL;
  // A given endpoint is one shared account: vitest.config.ts then runs the files one at a time.
  const motos = given ? [] : await startMotoServers(project.config.maxWorkers);
  const endpoints = given ? [given] : motos.map((moto) => moto.endpoint);
  const awsEnv = {
    AWS_REGION: process.env.AWS_REGION ?? DEFAULT_REGION,
    AWS_ACCESS_KEY_ID: process.env.AWS_ACCESS_KEY_ID ?? "test",
    AWS_SECRET_ACCESS_KEY: process.env.AWS_SECRET_ACCESS_KEY ?? "test",
  };
  project.provide("awsEnv", awsEnv);
  project.provide("awsEndpoints", endpoints);
  project.provide("awsEmulator", motos.length > 0 || (await isMoto(given ?? "")) ? "moto" : "other");
  const callDir = mkdtempSync(join(tmpdir(), "driftless-iam-calls-"));
  const callLog = join(callDir, "calls.jsonl");
  project.provide("awsCallLog", callLog);
  return async () => {
    await Promise.all(motos.map((moto) => moto.stop()));
    try {
      // A call the synthesized IAM would deny fails the run (vitest only logs a teardown's throw).
      const proofs = proveRecordedCalls(callLog);
      if (proofs.some((proof) => proof.denials.length > 0)) process.exitCode = 1;
    } catch (error) {
      console.error("IAM call proof could not run:", error);
      process.exitCode = 1;
    } finally {
      rmSync(callDir, { recursive: true, force: true });
    }
  };
}

/** Starts `count` moto servers at once; if one fails, stops the ones that started and rethrows. */
async function startMotoServers(count: number): Promise<RunningMoto[]> {
  const started = await Promise.allSettled(
    Array.from({ length: Math.max(1, count) }, () => startMotoServer()),
  );
  const motos = started.flatMap((result) => (result.status === "fulfilled" ? [result.value] : []));
  const failure = started.find((result) => result.status === "rejected");
  if (failure) {
    await Promise.all(motos.map((moto) => moto.stop()));
    throw failure.reason;
  }
  return motos;
}
