/**
 * Which emulator an integration worker talks to: vitest numbers the workers that run at the same time
 * 1..maxWorkers (VITEST_POOL_ID), and emulator.ts starts one emulator per number, so no two files that run
 * at once share an account (and one's resetEmulator() never wipes the other's). A single given endpoint
 * (AWS_ENDPOINT_URL) serves every worker; vitest.config.ts then runs one file at a time.
 */
export function workerEndpoint(endpoints: readonly string[], poolId: string | undefined): string {
  if (endpoints.length === 1 && endpoints[0] !== undefined) return endpoints[0];
  const index = Number(poolId) - 1;
  const endpoint = endpoints[index];
  if (!Number.isInteger(index) || endpoint === undefined) {
    throw new Error(
      `integration worker VITEST_POOL_ID=${poolId} has no emulator of its own (${endpoints.length} started): ` +
        "emulator.ts starts one per integration worker (the project's maxWorkers)",
    );
  }
  return endpoint;
}
