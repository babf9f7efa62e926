import { describe, expect, it } from "vitest";
import { observedUntil } from "../../../shared/policy/observedUntil";
import { contextOf, policyOf } from "./policyContext";

const metric = (name: string, period_s: number) => ({
  namespace: "App",
  name,
  dimensions: { Service: "llm" },
  period_s,
});
const WITH_LOAD = policyOf({
  max_replicas: 8,
  load: { metrics: [metric("Ongoing", 10)], backlog: metric("Queued", 60) },
});
const p = (t: number, v: number) => ({ t, v });

describe("observedUntil", () => {
  it.each<{ name: string; series?: { t: number; v: number }[]; noLoad?: boolean; expected: number | null }>([
    {
      name: "is the end of the newest datapoint's period, the shortest load period",
      series: [p(960, 1), p(970, 1), p(980, 1)],
      expected: 990,
    },
    { name: "ignores datapoints stamped after now", series: [p(980, 1), p(1010, 1)], expected: 990 },
    { name: "is null without a timeline", expected: null },
    { name: "is null with no datapoint at or before now", series: [p(1010, 1)], expected: null },
    {
      name: "is null when the policy has no load section to give the period",
      series: [p(980, 1)],
      noLoad: true,
      expected: null,
    },
  ])("$name", ({ series, noLoad, expected }) => {
    const input = contextOf({ now: 1000, load: { total: 1, ...(series ? { series } : {}) } });
    expect(observedUntil(noLoad ? policyOf({ max_replicas: 8 }) : WITH_LOAD, input)).toBe(expected);
  });
});
