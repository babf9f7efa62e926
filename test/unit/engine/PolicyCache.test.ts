import { describe, expect, it } from "vitest";
import { PolicyCache } from "../../../shared/engine/PolicyCache";
import { llmPolicy } from "./engineHarness";

describe("PolicyCache", () => {
  it("validates a policy version once and answers again from the cache", () => {
    const cache = new PolicyCache();
    const body = llmPolicy("a");
    const first = cache.parse({ targetId: "a", version: 1, body });
    // An equal body read again (a fresh object, as DynamoDB returns) is the same version: no re-validation.
    const again = cache.parse({ targetId: "a", version: 1, body: structuredClone(body) });
    expect(first.ok).toBe(true);
    expect(again).toBe(first);
  });

  it("validates again when the version changes", () => {
    const cache = new PolicyCache();
    const v1 = cache.parse({ targetId: "a", version: 1, body: llmPolicy("a") });
    const v2 = cache.parse({ targetId: "a", version: 2, body: llmPolicy("a", { max_replicas: "lots" }) });
    expect(v1.ok).toBe(true);
    expect(v2.ok).toBe(false);
  });

  it("validates again when the same version comes with another body (edited by hand, or re-created)", () => {
    const cache = new PolicyCache();
    cache.parse({ targetId: "a", version: 0, body: llmPolicy("a") });
    const edited = cache.parse({ targetId: "a", version: 0, body: llmPolicy("a", { max_replicas: -1 }) });
    expect(edited.ok).toBe(false);
  });

  it("keeps a target's stored version and its last known-good apart, and targets apart", () => {
    const cache = new PolicyCache();
    const good = cache.parse({ targetId: "a", version: 1, body: llmPolicy("a") });
    const bad = cache.parse({ targetId: "a", version: 2, body: { max_replicas: "lots" } });
    const other = cache.parse({ targetId: "b", version: 1, body: llmPolicy("b") });
    expect(cache.parse({ targetId: "a", version: 1, body: llmPolicy("a") })).toBe(good);
    expect(cache.parse({ targetId: "a", version: 2, body: { max_replicas: "lots" } })).toBe(bad);
    expect(other).not.toBe(good);
    expect(other.ok && other.policy.target?.service).toBe("llm-b");
  });
});
