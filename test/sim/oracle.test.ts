import { describe, expect, it } from "vitest";
import { idealReplicas } from "../../sim/peers/idealReplicas";
import { runComparison } from "../../sim/runComparison";
import { fixedStage, rayFields, tinyTrace } from "./simFixtures";

describe("the oracle", () => {
  it("needs ceil(mean busy slots / target) per 10 s from the requests themselves", () => {
    const trace = tinyTrace([{ t: 0, rps: 0 }], 60, fixedStage({ service: { meanS: 5, cv: 0 } }));
    // Three requests of 5 s starting at 0, 0 and 12 s: 10 busy seconds in the first bin, 5 in the second.
    const workload = {
      arrivals: Float64Array.from([0, 0, 12]),
      firstOutputS: [new Float64Array(3)],
      serviceS: [Float64Array.from([5, 5, 5])],
    };
    const need = idealReplicas(trace, workload, [0.5]);
    expect([...need[0]!.slice(0, 3)]).toEqual([2, 1, 0]);
  });

  it("is sized ahead by the lead time, so a burst finds capacity serving: fewer violations than Ray Serve", async () => {
    const trace = {
      ...tinyTrace(
        [
          { t: 0, rps: 1 },
          { t: 1800, rps: 1 },
          { t: 1800, rps: 25 },
          { t: 3600, rps: 25 },
        ],
        3600,
        fixedStage({ maxOngoingRequests: 10 }),
      ),
    };
    const compared = await runComparison(trace, [{ name: "p", policy: rayFields() }], {
      seed: 1,
      peers: ["ray-serve", "oracle"],
    });
    if (!compared.ok) throw new Error("invalid");
    const by = (id: string) => compared.results.find((r) => r.summary.policy === id)!.summary;
    const oracle = by("oracle");
    expect(oracle.label).toMatch(/^Oracle/);
    expect(oracle.slo.violationsPct).toBe(0);
    expect(by("ray-serve").slo.violationsPct).toBeGreaterThan(1);
    // Desired rose ahead of the burst: lead time 200 s boot + 60 s load before 1800 s.
    const series = compared.results.find((r) => r.summary.policy === "oracle")!.series;
    expect(series.desired[25]).toBeGreaterThan(series.desired[20]!);
  });
});
