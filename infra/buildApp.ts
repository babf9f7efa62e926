import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { DriftlessStack } from "./DriftlessStack";
import { GpuInferenceFleetStack } from "./GpuInferenceFleetStack";

export interface DriftlessApp {
  readonly app: App;
  readonly driftless: DriftlessStack;
  readonly fleet: GpuInferenceFleetStack;
}

/**
 * The CDK app: the driftless stack and the example fleet, environment-agnostic (no account or region, no
 * lookups: synth works offline without credentials), checked by cdk-nag's AwsSolutions rules, whose
 * unacknowledged findings fail the synth. `context` and `outdir` are for tests; `cdk` passes its own.
 */
export function buildApp(options: { context?: Record<string, unknown>; outdir?: string } = {}): DriftlessApp {
  const app = new App({
    ...(options.context === undefined ? {} : { context: options.context }),
    ...(options.outdir === undefined ? {} : { outdir: options.outdir }),
  });
  const driftless = new DriftlessStack(app, "Driftless", {
    description: "driftless: serverless autoscaler for GPU inference services on ECS",
  });
  const fleet = new GpuInferenceFleetStack(app, "DriftlessExampleFleet", {
    description: "driftless example: a GPU inference fleet (ECS on GPU instances) for driftless to scale",
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, driftless, fleet };
}
