import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { App, Stack } from "aws-cdk-lib";
import { buildApp, type DriftlessApp } from "../../../infra/buildApp";
import { GpuAutoscaler, type GpuAutoscalerProps } from "../../../infra/GpuAutoscaler";

/** The context `npx cdk synth` uses: cdk.json's, so the tests check what is deployed. */
export function cdkJsonContext(): Record<string, unknown> {
  const cdkJson = JSON.parse(
    readFileSync(fileURLToPath(new URL("../../../cdk.json", import.meta.url)), "utf8"),
  ) as {
    context: Record<string, unknown>;
  };
  return cdkJson.context;
}

/** Skips NodejsFunction bundling (esbuild) in every stack: for tests of the template's shape only. */
export const SKIP_BUNDLING = { "aws:cdk:bundling-stacks": [] } as const;

export interface SynthesizedApp extends DriftlessApp {
  /** The cloud assembly directory (templates and bundled assets). */
  readonly outdir: string;
}

let bundled: SynthesizedApp | undefined;

/**
 * The whole app as `cdk synth` builds it, with real esbuild bundling, synthesized once per test file
 * (vitest isolates files, so the cache is per file: only the file that needs the bundles calls this).
 */
export function synthesizeBundledApp(): SynthesizedApp {
  if (bundled) return bundled;
  const outdir = mkdtempSync(join(tmpdir(), "driftless-cdk-"));
  const built = buildApp({ context: cdkJsonContext(), outdir });
  built.app.synth();
  bundled = { ...built, outdir };
  return bundled;
}

/** The whole app from cdk.json's context plus `overrides`, without bundling. */
export function buildUnbundledApp(overrides: Record<string, unknown> = {}): DriftlessApp {
  return buildApp({ context: { ...cdkJsonContext(), ...SKIP_BUNDLING, ...overrides } });
}

/** One GpuAutoscaler in an environment-agnostic stack named `stackName`, without bundling. */
export function autoscalerStack(
  props: GpuAutoscalerProps = {},
  stackName = "TestStack",
): { stack: Stack; autoscaler: GpuAutoscaler } {
  const app = new App({ context: { ...SKIP_BUNDLING } });
  const stack = new Stack(app, stackName);
  return { stack, autoscaler: new GpuAutoscaler(stack, "Autoscaler", props) };
}
