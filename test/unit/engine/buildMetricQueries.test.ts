import { describe, expect, it } from "vitest";
import { buildMetricQueries, type TargetQueries } from "../../../shared/engine/buildMetricQueries";
import { validatePolicy } from "../../../shared/policy/parsePolicy";
import type { ResolvedPolicy } from "../../../shared/policy/ResolvedPolicy";
import { llmPolicy } from "./engineHarness";

const policyOf = (id: string): ResolvedPolicy => validatePolicy(llmPolicy(id));

describe("buildMetricQueries", () => {
  it("builds with a memo exactly the queries and ids it builds without one", () => {
    // arrange
    const targets = ["a", "b", "c"].map((id) => ({ policy: policyOf(id) }));

    // act
    const plain = buildMetricQueries(targets);
    const memoized = buildMetricQueries(targets, new WeakMap());

    // assert
    expect(memoized).toEqual(plain);
    expect(plain.ids.map((ids) => ids.load)).toEqual([["t0_l0"], ["t1_l0"], ["t2_l0"]]);
  });

  it("reuses a policy's queries from the memo when the target keeps its place, and rebuilds them when it moves", () => {
    // arrange
    const [a, b] = [{ policy: policyOf("a") }, { policy: policyOf("b") }];
    const memo = new WeakMap<ResolvedPolicy, TargetQueries>();
    const first = buildMetricQueries([a, b], memo);

    // act
    const again = buildMetricQueries([a, b], memo);
    const moved = buildMetricQueries([b, a], memo);

    // assert
    expect(again.queries[0]).toBe(first.queries[0]);
    expect(again.ids[1]).toBe(first.ids[1]);
    expect(moved.ids.map((ids) => ids.load)).toEqual([["t0_l0"], ["t1_l0"]]);
    expect(moved.queries.map((q) => q.dimensions)).toEqual(
      [b, a].map((t) => t.policy.load!.metrics[0]!.dimensions),
    );
    expect(Object.isFrozen(moved.queries[0])).toBe(true);
  });
});
