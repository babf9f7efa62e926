import { configDefaults, defineConfig } from "vitest/config";

/**
 * Test files at once, in each project. The integration files mostly wait (on the emulator, on child
 * processes, on real delays), so two of them overlap well even on two cores; each integration worker
 * gets an emulator of its own (test/support/emulator.ts). Both projects use the same number so vitest
 * runs them as one group, unit files filling the integration files' waits. DRIFTLESS_TEST_WORKERS
 * changes the number (e.g. to measure another on a bigger machine).
 */
const WORKERS = Number(process.env.DRIFTLESS_TEST_WORKERS ?? 2);
/** A given endpoint (LocalStack, a moto you started, an account) is one shared account: one file at a time. */
const sharedEndpoint = Boolean(process.env.AWS_ENDPOINT_URL);

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 30_000,
    pool: "forks",
    // `vitest run` runs both projects; `vitest run test/unit` only the first, and then no emulator starts,
    // because vitest runs a project's globalSetup only when that project has test files in the run.
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          exclude: [...configDefaults.exclude, "test/integration/**"],
          // Compiles the CLI once for the tests that run it (test/cli); see the file.
          globalSetup: ["test/support/cliBundle.ts"],
          maxWorkers: WORKERS,
          // A worker runs file after file in one process, importing shared modules (zod, the SDK, aws-cdk-lib)
          // once instead of per file: about 40% of the unit project's CPU. These files keep no state across
          // files (what one sets in process.env it restores); each still gets its own test context and hooks.
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // `extends` concatenates `include` with the root's, so narrow the set by exclusion instead.
          exclude: [...configDefaults.exclude, "test/*.test.ts", "test/!(integration)/**"],
          // Starts one moto_server per worker unless AWS_ENDPOINT_URL is set (see the file); compiles the CLI.
          globalSetup: ["test/support/emulator.ts", "test/support/cliBundle.ts"],
          // Copies the provided AWS_* env (this worker's endpoint) into each integration worker, no other's.
          setupFiles: ["test/support/emulatorEnv.ts"],
          // resetEmulator() between tests wipes the whole account: files sharing one must not run at once.
          fileParallelism: !sharedEndpoint,
          maxWorkers: sharedEndpoint ? 1 : WORKERS,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
