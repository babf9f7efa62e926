import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../../shared/policy/parsePolicy";
import { parseStoredPolicy } from "../../../shared/policy/parseStoredPolicy";

const TARGET = { cluster: "gpu", service: "llm" };
const LOAD = { metrics: [{ namespace: "n", name: "OngoingRequests" }] };

describe("parseStoredPolicy (a policy to store and run)", () => {
  it.each<{ name: string; body: Record<string, unknown>; paths: string[] }>([
    {
      name: "a Ray-only body names both missing sections",
      body: { max_replicas: 4 },
      paths: ["$.target", "$.load"],
    },
    { name: "a body without load names load", body: { max_replicas: 4, target: TARGET }, paths: ["$.load"] },
    {
      name: "a body without target names target",
      body: { max_replicas: 4, load: LOAD },
      paths: ["$.target"],
    },
    {
      name: "the missing sections come with every other problem",
      body: { max_replicas: "lots" },
      paths: ["$.target", "$.load", "$.max_replicas"],
    },
  ])("$name", ({ body, paths }) => {
    const result = parseStoredPolicy(body);
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.problems.map((p) => p.path)).toEqual(paths);
    for (const p of result.problems.filter((p) => p.path === "$.target" || p.path === "$.load"))
      expect(p.message).toMatch(
        /^missing: a stored policy needs (target|load) .*Ray-only body is for decide and simulate/,
      );
  });

  it("accepts a policy with target and load, as parsePolicy resolves it", () => {
    const body = { max_replicas: 4, target: TARGET, load: LOAD };
    const result = parseStoredPolicy(body);
    expect(result.ok).toBe(true);
    expect(result).toEqual(parsePolicy(body));
  });

  it("leaves a Ray-only body valid for decide and simulate (parsePolicy)", () => {
    expect(parsePolicy({ max_replicas: 4 }).ok).toBe(true);
  });
});
