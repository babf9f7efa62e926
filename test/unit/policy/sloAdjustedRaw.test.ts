import { describe, expect, it } from "vitest";
import type { Slo } from "../../../shared/policy/PolicySchema";
import { type SloArgs, sloAdjustedRaw } from "../../../shared/policy/sloAdjustedRaw";

const SLO: Slo = {
  metric: { namespace: "n", name: "ttft", dimensions: {}, statistic: "p95", period_s: 10 },
  target_ms: 1000,
  gain: 1,
  max_urgency: 3,
  scale_down_below: 0.5,
};
const args = (over: Partial<SloArgs>): SloArgs => ({
  raw: 4,
  currentReplicas: 4,
  latencyMs: 200,
  slo: SLO,
  ...over,
});

describe("sloAdjustedRaw", () => {
  it.each<{ name: string; args: Partial<SloArgs>; raw: number; note: RegExp }>([
    {
      name: "changes nothing without a latency reading",
      args: { latencyMs: null },
      raw: 4,
      note: /no latency/,
    },
    { name: "changes nothing on a NaN reading", args: { latencyMs: Number.NaN }, raw: 4, note: /no latency/ },
    { name: "changes nothing on a negative reading", args: { latencyMs: -1 }, raw: 4, note: /no latency/ },
    {
      name: "wants current x urgency when latency is over target",
      args: { latencyMs: 1500 },
      raw: 6,
      note: /latency 1500 ms over target 1000 ms: urgency 1.5 wants >= 6/,
    },
    { name: "caps urgency at max_urgency", args: { latencyMs: 9000 }, raw: 12, note: /urgency 3 / },
    {
      name: "keeps a raw count already above what urgency wants",
      args: { raw: 10, latencyMs: 1500 },
      raw: 10,
      note: /over target/,
    },
    {
      name: "forbids a scale-down while slack is not ample",
      args: { raw: 2, latencyMs: 800 },
      raw: 4,
      note: /slack 200 ms not ample .*: no scale-down/,
    },
    {
      name: "lets a scale-down through when slack is ample",
      args: { raw: 2, latencyMs: 400 },
      raw: 2,
      note: /slack 600 ms/,
    },
    {
      name: "leaves a scale-up alone when within target",
      args: { raw: 7, latencyMs: 900 },
      raw: 7,
      note: /slack 100 ms/,
    },
  ])("$name", ({ args: over, raw, note }) => {
    const out = sloAdjustedRaw(args(over));
    expect(out.raw).toBeCloseTo(raw, 9);
    expect(out.note).toMatch(note);
  });
});
