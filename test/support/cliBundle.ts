/**
 * Vitest globalSetup for the integration project: compiles the `driftless` CLI (cli/main.ts) once per
 * run into one ES module, so the CLI tests' child processes (runDriftless.ts) start `node` on it
 * instead of each transpiling and resolving every module through tsx's loader hooks again
 * (about a third of the CPU per command on these machines).
 *
 * The child is still the real command line: the same source, compiled by esbuild as tsx does, its
 * dependencies loaded from node_modules as installed (`packages: "external"`), and `import.meta.url`
 * pinned to cli/main.ts so what it reads relative to itself (package.json's version) is what
 * bin/driftless.mjs reads. The README walkthrough, the TTY test and the demo still start the
 * command exactly as an operator does (`npm run driftless`, bin/driftless.mjs, `npx tsx`).
 *
 * The bundle lives under node_modules/.cache (so its bare imports resolve to this checkout's
 * node_modules) in a directory of its own per run, removed by the teardown.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { build } from "esbuild";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The compiled CLI module runDriftless starts with `node`. */
    driftlessCli: string;
  }
}

const root = join(import.meta.dirname, "..", "..");

/** Compiles the CLI into a per-run directory and returns the teardown that removes it. */
export default async function setup(project: TestProject): Promise<() => void> {
  const cacheDir = join(root, "node_modules", ".cache");
  mkdirSync(cacheDir, { recursive: true });
  const dir = mkdtempSync(join(cacheDir, "driftless-cli-"));
  const entry = join(root, "cli", "main.ts");
  const outfile = join(dir, "main.mjs");
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: "node",
    format: "esm",
    target: "node20",
    packages: "external",
    sourcemap: "inline",
    define: { "import.meta.url": JSON.stringify(pathToFileURL(entry).href) },
    logLevel: "warning",
  });
  project.provide("driftlessCli", outfile);
  return () => rmSync(dir, { recursive: true, force: true });
}
