/**
 * The engine states the change it makes to the ECS service, from the count ECS had (statedChange): the
 * shrunk counterexamples of the engine-wide reason property (engineReasons.test.ts), as regression cases.
 */
import { describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { engineHarness, llmPolicy } from "./engineHarness";

type Harness = ReturnType<typeof engineHarness>;

interface Case {
  readonly name: string;
  readonly policy: Record<string, unknown>;
  readonly replicas: number;
  /** Ongoing requests per replica published before each round (null: none, the load is unreadable). */
  readonly loads: readonly (number | null)[];
  /** What happens between the first and the last round. */
  readonly between: (h: Harness) => Promise<void>;
  readonly reason: RegExp;
  readonly stated: { readonly previousTarget: number; readonly direction: "up" | "down" | "none" };
  readonly desiredAfter: number;
  /** ECS refuses the first round's UpdateService. */
  readonly failFirst?: boolean;
}

/** Sets the desired count outside driftless (and, settled, the running count with it). */
const setDesired = (h: Harness, desired: number, settled = false) => {
  const counts = h.services.services.get("gpu/llm-a")!;
  h.services.set("gpu", "llm-a", { ...counts, desired, ...(settled ? { running: desired } : {}) });
};

describe("the engine states the change it made, from the count ECS had", () => {
  it.each<Case>([
    {
      name: "an outside change restored on a hold is the scale-down it is",
      policy: llmPolicy("a", { min_replicas: 0, max_replicas: 1, target_ongoing_requests: 0.5 }),
      replicas: 0,
      loads: [0, 0],
      between: async (h) => setDesired(h, 1),
      reason:
        /^scale down 1 -> 0: 0 replicas match the load .*\(ECS desired count was 1, changed outside driftless: restored to 0\)$/,
      stated: { previousTarget: 1, direction: "down" },
      desiredAfter: 0,
    },
    {
      name: "a holding fallback that restores an outside change never says it holds",
      policy: llmPolicy("a", {
        min_replicas: 0,
        max_replicas: 1,
        target_ongoing_requests: 0.5,
        fallback: { failure_threshold: 1, action: "hold" },
      }),
      replicas: 0,
      loads: [0, null],
      // Settled, so a replica runs and its per-replica load is missing, not zero.
      between: async (h) => setDesired(h, 1, true),
      reason:
        /^scale down 1 -> 0: load unreadable 1 times \(no datapoints\) \(ECS desired count was 1, changed outside driftless: restored to 0\)$/,
      stated: { previousTarget: 1, direction: "down" },
      desiredAfter: 0,
    },
    {
      name: "a target held back by the kill switch is applied from the count ECS kept",
      policy: llmPolicy("a", { upscale_delay_s: 0 }),
      replicas: 2,
      loads: [20, 20],
      between: async (h) => h.states.putSettings({ killSwitch: false, ceilings: {} }),
      reason:
        /^scale up 2 -> 4: .* \(kill switch lifted: applying the decided target 4; ECS desired count was 2\)$/,
      stated: { previousTarget: 2, direction: "up" },
      desiredAfter: 4,
    },
    {
      name: "a failed action retried is the scale-up it is",
      policy: llmPolicy("a", { upscale_delay_s: 0 }),
      replicas: 2,
      loads: [20, 20],
      failFirst: true,
      between: async () => {},
      reason: /^scale up 2 -> 4: .* \(retried action a:1, which failed: ServerException: unavailable\)$/,
      stated: { previousTarget: 2, direction: "up" },
      desiredAfter: 4,
    },
    {
      name: "an ECS count set outside to the decided target is a hold at it",
      policy: llmPolicy("a", { upscale_delay_s: 0 }),
      replicas: 2,
      loads: [10, 20],
      between: async (h) => setDesired(h, 4),
      reason: /^hold at 4: /,
      stated: { previousTarget: 4, direction: "none" },
      desiredAfter: 4,
    },
  ])("$name", async (c) => {
    // arrange: the first round (under the kill switch in the kill-switch case), then the change between
    const h = engineHarness();
    h.policies.putRaw("a", c.policy);
    h.services.set("gpu", "llm-a", { desired: c.replicas, running: c.replicas, pending: 0 });
    const killFirst = c.name.includes("kill switch");
    await h.states.putSettings({ killSwitch: killFirst, ceilings: {} });
    let report = undefined as Awaited<ReturnType<typeof evaluateRound>> | undefined;
    for (const [i, load] of c.loads.entries()) {
      h.clock.advance(200);
      if (load !== null) h.publish("a", load, h.clock.now() - 30);
      if (i === c.loads.length - 1) await c.between(h);
      const failing = c.failFirst === true && i === 0;
      const services = failing
        ? {
            describe: h.services.describe.bind(h.services),
            setDesired: async () => {
              throw new Error("ServerException: unavailable");
            },
          }
        : h.deps.services;
      // act
      report = await evaluateRound({ ...h.deps, services });
      if (i === 0 && killFirst)
        expect(report.outcomes[0]?.record?.reason).toMatch(/\[kill switch on: no action\]$/);
    }
    // assert: the stated change is the one made, in the history and in the state
    const record = report!.outcomes[0]!.record!;
    expect(record.reason).toMatch(c.reason);
    expect(record).toMatchObject(c.stated);
    expect((await h.states.get("a"))?.lastDecision).toMatchObject({ ...c.stated, reason: record.reason });
    expect(h.services.services.get("gpu/llm-a")?.desired).toBe(c.desiredAfter);
  });
});
