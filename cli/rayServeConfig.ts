import { formatPath, type ValidationProblem } from "../shared/errors/ValidationProblem";
import { FILL_IN } from "./fillInProblems";

type Bag = Record<string, unknown>;
const isBag = (v: unknown): v is Bag => typeof v === "object" && v !== null && !Array.isArray(v);

/** One deployment's policy skeleton, named for its application and deployment. */
export interface PolicySkeleton {
  readonly targetId: string;
  readonly application: string;
  readonly deployment: string;
  readonly policy: Record<string, unknown>;
}

export interface RayImport {
  readonly skeletons: readonly PolicySkeleton[];
  /** Deployments that could not be imported (no autoscaling_config), and why. */
  readonly skipped: readonly ValidationProblem[];
  /** The file's structure was unreadable (no applications or deployments). */
  readonly problems: readonly ValidationProblem[];
}

/**
 * Reads a parsed Ray Serve config (`applications[].deployments[].autoscaling_config`, or the older
 * single-application form with top-level `deployments`) into one policy skeleton per deployment
 * with autoscaling: Ray's `autoscaling_config` nested as written, and `target` and `load` marked
 * `FILL IN:` for the operator (driftless cannot know the ECS service or the CloudWatch metric).
 * Pure; `source` names the file in each skeleton's description.
 */
export function importRayServeConfig(config: unknown, source: string): RayImport {
  const apps =
    isBag(config) && Array.isArray(config.applications)
      ? config.applications.map((a, i) => ({ app: a, at: ["applications", i] as (string | number)[] }))
      : isBag(config) && Array.isArray(config.deployments)
        ? [{ app: config as unknown, at: [] as (string | number)[] }]
        : [];
  if (apps.length === 0) {
    return {
      skeletons: [],
      skipped: [],
      problems: [{ path: "$", message: "a Ray Serve config has applications[] (each with deployments[])" }],
    };
  }
  const skeletons: PolicySkeleton[] = [];
  const skipped: ValidationProblem[] = [];
  const problems: ValidationProblem[] = [];
  for (const { app, at } of apps) {
    if (!isBag(app) || !Array.isArray(app.deployments)) {
      problems.push({
        path: formatPath([...at, "deployments"]),
        message: "an application lists its deployments[]",
      });
      continue;
    }
    const application = typeof app.name === "string" ? app.name : "default";
    app.deployments.forEach((d: unknown, j) => {
      const where = [...at, "deployments", j];
      const deployment = isBag(d) && typeof d.name === "string" ? d.name : undefined;
      if (!isBag(d) || deployment === undefined) {
        problems.push({ path: formatPath([...where, "name"]), message: "a deployment has a name" });
        return;
      }
      if (!isBag(d.autoscaling_config)) {
        skipped.push({
          path: formatPath([...where, "autoscaling_config"]),
          message: `deployment ${deployment} has no autoscaling_config (num_replicas: ${JSON.stringify(d.num_replicas ?? null)}): nothing to import${d.num_replicas === "auto" ? "; write Ray's autoscaling_config out to import it" : ""}`,
        });
        return;
      }
      skeletons.push({
        targetId: targetIdFor(application, deployment),
        application,
        deployment,
        policy: skeletonFor(application, deployment, d.autoscaling_config, source),
      });
    });
  }
  return { skeletons, skipped, problems };
}

function skeletonFor(
  application: string,
  deployment: string,
  autoscaling: Bag,
  source: string,
): Record<string, unknown> {
  return {
    description: `Ray Serve deployment ${deployment} of application ${application}, imported from ${source}; fill in target and load, then: driftless policy validate -f FILE`,
    autoscaling_config: autoscaling,
    target: {
      cluster: `${FILL_IN} the ECS cluster (name or ARN) running ${deployment}`,
      service: `${FILL_IN} the ECS service (name or ARN) of ${deployment}`,
    },
    load: {
      metrics: [
        {
          namespace: `${FILL_IN} the CloudWatch namespace of ${deployment}'s ongoing-requests metric`,
          name: `${FILL_IN} the metric name (ongoing requests: queued + running)`,
          dimensions: {},
          per: "replica",
        },
      ],
    },
  };
}

/** A target id from the application and deployment names: lower case, [a-z0-9-] only. */
function targetIdFor(application: string, deployment: string): string {
  const slug = (s: string) =>
    s
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-+|-+$/g, "");
  return [slug(application), slug(deployment)].filter(Boolean).join("-") || "deployment";
}
