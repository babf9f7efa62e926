import { configDefaults, defineConfig } from "vitest/config";

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
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          // `extends` concatenates `include` with the root's, so narrow the set by exclusion instead.
          exclude: [...configDefaults.exclude, "test/*.test.ts", "test/!(integration)/**"],
          // Starts moto_server unless AWS_ENDPOINT_URL is set; see the file.
          globalSetup: ["test/support/emulator.ts"],
          // Copies the provided AWS_* env into each integration worker (and no other project's).
          setupFiles: ["test/support/emulatorEnv.ts"],
          // One emulator and resetEmulator() between tests: files must not run concurrently.
          fileParallelism: false,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
