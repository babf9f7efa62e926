import { describe, expect, it } from "vitest";
import type { DecisionRecord } from "../../shared/engine/ports/DecisionLog";
import { DatapointPublications } from "../../sim/driftless/DatapointPublications";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { SimDecisionLog } from "../../sim/driftless/SimDecisionLog";
import { latenessOf } from "../../sim/report/latenessOf";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { rayFields, tinyTrace } from "./simFixtures";

describe("latenessOf", () => {
  it.each([
    ["from the intended instant when the data was there", { intendedAt: 100, at: 104 }, 4],
    ["from when the needed data was published, when later", { intendedAt: 100, knownAt: 108, at: 110 }, 2],
    ["a known instant before the intended one changes nothing", { intendedAt: 100, knownAt: 90, at: 103 }, 3],
    ["never below 0", { intendedAt: 100, at: 99 }, 0],
  ])("%s", (_name, sample, expected) => {
    expect(latenessOf({ ...sample, direction: "down" })).toBe(expected);
  });
});

describe("DatapointPublications", () => {
  // 10 s datapoints published 5 s after their period ends.
  const published = new DatapointPublications();
  for (const end of [10, 20, 30]) published.record("svc", end, end + 5);

  it.each([
    [0, 15],
    [10, 15],
    [10.5, 25],
    [30, 35],
    [30.1, null],
  ])(
    "the data first covers %s s when the datapoint ending at or after it is published (%s)",
    (instant, at) => {
      expect(published.coveredAt("svc", instant)).toBe(at);
    },
  );

  it.each([
    [14, 15],
    [15, 25],
    [35, null],
  ])("the first datapoint published after %s s is out at %s", (instant, at) => {
    expect(published.publishedAfter("svc", instant)).toBe(at);
  });

  it("knows nothing of a target it never published", () => {
    expect(published.coveredAt("other", 0)).toBeNull();
    expect(published.publishedAfter("other", 0)).toBeNull();
  });
});

describe("SimDecisionLog: the rounds that did not want a change", () => {
  const round = (at: number, direction: "up" | "down" | "none", pending: "up" | "down" | null) =>
    ({
      targetId: "svc",
      at,
      direction,
      pendingDelay: pending === null ? null : { direction: pending, wanted: 2, since: 0, firesAt: 1 },
    }) as unknown as DecisionRecord;

  it("gives each change the newest earlier round that had no change and no delay running its way", async () => {
    const log = new SimDecisionLog("changes");
    const up = round(40, "up", null);
    const down = round(70, "down", null);
    await log.append([round(10, "none", null), round(20, "none", "up"), round(30, "none", "up"), up]);
    await log.append([round(50, "none", "down"), round(60, "none", "down"), down]);
    expect(log.notWantedBefore.get(up)).toBe(10);
    // The round at 40 changed the count: the newest round wanting no scale-down before 70 is at 30.
    expect(log.notWantedBefore.get(down)).toBe(30);
  });
});

describe("driftless's lateness in the simulator", () => {
  // Busy, then quiet from 600 s: a scale-down after Ray's downscale delay, which waits for datapoints.
  const trace = tinyTrace(
    [
      { t: 0, rps: 30 },
      { t: 600, rps: 30 },
      { t: 600, rps: 0.5 },
      { t: 2400, rps: 0.5 },
    ],
    2400,
  );

  it("times a scale-down from the publication of the datapoint covering its delay, not from the delay's end", async () => {
    // arrange
    const policies = resolveSimPolicies(rayFields({ initial_replicas: 4 }), trace);
    if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
    const driftless = new DriftlessAutoscaler("d", "d", policies.bodies, policies.resolved);
    // act
    await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);
    // assert
    const downs = driftless.lateness().filter((s) => s.direction === "down");
    expect(downs.length).toBeGreaterThan(0);
    for (const s of downs) {
      // The covering datapoint's period ends on the 10 s grid at or after the intended instant, published 5 s later.
      expect(s.knownAt).toBeGreaterThan(s.intendedAt);
      expect(s.knownAt! - s.intendedAt).toBeLessThanOrEqual(15);
      expect(s.knownAt).toBeLessThanOrEqual(s.at);
      // After the data is out, the next round (every 10 s) decides.
      expect(latenessOf(s)).toBeLessThanOrEqual(10);
    }
  });
});
