import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { fillInProblems } from "../../cli/fillInProblems";
import { importRayServeConfig } from "../../cli/rayServeConfig";
import { parsePolicy } from "../../shared/policy/parsePolicy";

const serve = parse(`
applications:
  - name: LLM App
    deployments:
      - name: VLLMDeployment
        num_replicas: auto
        autoscaling_config: { min_replicas: 1, max_replicas: 8, target_ongoing_requests: 16, downscaling_factor: null }
      - name: Router
        num_replicas: 2
  - name: embed
    deployments:
      - name: Embedder
        autoscaling_config: { max_replicas: 4, target_num_ongoing_requests_per_replica: 5 }
`);

describe("importRayServeConfig", () => {
  const imported = importRayServeConfig(serve, "serve.yaml");

  it("writes one skeleton per deployment with autoscaling, Ray's object nested as written", () => {
    expect(imported.skeletons.map((s) => s.targetId)).toEqual(["llm-app-vllmdeployment", "embed-embedder"]);
    expect(imported.skeletons[0]?.policy.autoscaling_config).toEqual({
      min_replicas: 1,
      max_replicas: 8,
      target_ongoing_requests: 16,
      downscaling_factor: null,
    });
    expect(imported.skipped.map((s) => s.path)).toEqual([
      "$.applications[0].deployments[1].autoscaling_config",
    ]);
  });

  it("marks target and load to fill in; validation says exactly what is missing, the Ray part is valid", () => {
    const policy = imported.skeletons[0]?.policy ?? {};
    expect(fillInProblems(policy).map((p) => p.path)).toEqual([
      "$.target.cluster",
      "$.target.service",
      "$.load.metrics[0].namespace",
      "$.load.metrics[0].name",
    ]);
    const filled = {
      ...policy,
      target: { cluster: "gpu", service: "vllm" },
      load: { metrics: [{ namespace: "Inference", name: "ongoing", per: "replica" }] },
    };
    const parsed = parsePolicy(filled);
    expect(parsed.ok).toBe(true);
    if (parsed.ok)
      expect(parsed.policy.ray).toMatchObject({ minReplicas: 1, maxReplicas: 8, targetOngoingRequests: 16 });
  });

  it("carries the removed Ray field through, for validation to warn about", () => {
    expect(parsePolicy(imported.skeletons[1]?.policy).warnings?.map((w) => w.path)).toEqual([
      "$.autoscaling_config.target_num_ongoing_requests_per_replica",
    ]);
  });

  it.each([null, {}, { applications: "x" }, []])(
    "refuses a file that is no Ray Serve config (%j)",
    (config) => {
      expect(importRayServeConfig(config, "x.yaml").problems).toHaveLength(1);
    },
  );

  it("reads the older single-application form (top-level deployments)", () => {
    const old = importRayServeConfig(
      { deployments: [{ name: "M", autoscaling_config: { max_replicas: 2 } }] },
      "x",
    );
    expect(old.skeletons.map((s) => s.targetId)).toEqual(["default-m"]);
  });
});
