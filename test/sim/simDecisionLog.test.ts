import { describe, expect, it } from "vitest";
import type { DecisionRecord } from "../../shared/engine/ports/DecisionLog";
import { DriftlessAutoscaler } from "../../sim/driftless/DriftlessAutoscaler";
import { resolveSimPolicies } from "../../sim/driftless/resolveSimPolicies";
import { runSimulation } from "../../sim/runSimulation";
import { generateWorkload } from "../../sim/traces/generateWorkload";
import { rayFields, tinyTrace } from "./simFixtures";

// Quiet, a step up at 600 s, quiet again from 1500 s: decisions up and down among many that hold.
const trace = tinyTrace(
  [
    { t: 0, rps: 0.5 },
    { t: 600, rps: 0.5 },
    { t: 600, rps: 30 },
    { t: 1500, rps: 30 },
    { t: 1500, rps: 0.5 },
    { t: 3000, rps: 0.5 },
  ],
  3000,
);

async function run(decisions: "all" | "changes") {
  const policies = resolveSimPolicies(rayFields(), trace);
  if (!policies.ok) throw new Error(JSON.stringify(policies.problems));
  const driftless = new DriftlessAutoscaler(
    "d",
    "d",
    policies.bodies,
    policies.resolved,
    {},
    {},
    { decisions },
  );
  await runSimulation(trace, generateWorkload(trace, 1), driftless, 1);
  return driftless;
}

describe("SimDecisionLog: the history a simulated run keeps in memory", () => {
  it("keeps every round's record by default, and only the ones that changed the count when told to", async () => {
    const all = await run("all");
    const changes = await run("changes");
    expect(all.log.records.some((r) => r.direction === "none")).toBe(true);
    // Evaluation ids are random per run: compare the records without them.
    const withoutIds = (records: readonly DecisionRecord[]) => records.map(({ evaluationId: _, ...r }) => r);
    expect(withoutIds(changes.log.records)).toEqual(
      withoutIds(all.log.records.filter((r) => r.direction !== "none")),
    );
    expect(changes.log.records.length).toBeGreaterThanOrEqual(2);
  });

  it("gives the same lateness and the same metered history writes either way", async () => {
    const all = await run("all");
    const changes = await run("changes");
    expect(changes.lateness()).toEqual(all.lateness());
    expect(changes.usage()).toEqual(all.usage());
  });

  it("answers recent() newest first from what it kept", async () => {
    const changes = await run("changes");
    const recent = await changes.log.recent("svc", 2);
    const kept = changes.log.records.filter((r) => r.targetId === "svc");
    expect(recent).toEqual(kept.slice(-2).reverse());
  });
});
