/**
 * Guardrails: no edit of the tables can push a target past the deploy-time ceilings. Adversarial but valid
 * policies (huge bounds, always-on schedule windows raising the minimum, fallbacks, pipeline groups sizing
 * downstream from upstream, GPUs per task, direct capacity with spare instances), invalid edits, settings
 * edits and forged state items are thrown at an engine with ceilings; every scaling call it makes stays
 * within them. (The IAM side of the guardrails: iamScope.test.ts; expressions: the emulator suite.)
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import type { TargetState } from "../../../shared/engine/ports/TargetState";
import { INITIAL_POLICY_STATE } from "../../../shared/policy/PolicyState";
import { CLUSTER, GROUP, memoryWorld, totalLoadPolicy } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";

const tally = new ReliabilityTally("deploy-time ceilings under adversarial edits (in memory)");
afterAll(() => tally.record());

const IDS = ["a", "b", "c"] as const;

/** GPUs per task and per instance of each target (fixed per run, so each call's GPU count is known). */
const hardware = fc.record({ gpt: fc.integer({ min: 1, max: 4 }), extra: fc.integer({ min: 0, max: 4 }) });

/** A valid policy body meant to push past any ceiling; `gpt`/`gpi` are the target's hardware. */
function adversarial(id: string, gpt: number, gpi: number) {
  return fc
    .record({
      min: fc.integer({ min: 0, max: 10_000 }),
      maxExtra: fc.integer({ min: 0, max: 10_000 }),
      window: fc.option(
        fc.record({ min: fc.integer({ min: 0, max: 10_000 }), max: fc.integer({ min: 1, max: 10_000 }) }),
      ),
      fallback: fc.option(fc.integer({ min: 0, max: 10_000 })),
      group: fc.option(
        fc.record({
          stage: fc.integer({ min: 0, max: 2 }),
          ratio: fc.double({ min: 0.01, max: 1000, noNaN: true }),
        }),
      ),
      direct: fc.boolean(),
      spare: fc.integer({ min: 0, max: 1000 }),
      paused: fc.boolean(),
      stepUp: fc.option(fc.integer({ min: 1, max: 10_000 })),
      target: fc.double({ min: 1e-6, max: 1e6, noNaN: true }),
    })
    .map((p) => {
      const max = Math.min(10_000, Math.max(1, p.min + p.maxExtra));
      const wMax = p.window ? Math.max(p.window.max, p.window.min) : 0;
      return totalLoadPolicy(id, {
        direct: p.direct,
        extra: {
          min_replicas: Math.min(p.min, max),
          max_replicas: max,
          target_ongoing_requests: p.target,
          ...(p.window
            ? {
                // Opens every minute for two: always active.
                schedules: [
                  {
                    name: "always",
                    start: "* * * * *",
                    duration_s: 120,
                    overrides: { min_replicas: Math.min(p.window.min, wMax), max_replicas: wMax },
                  },
                ],
              }
            : {}),
          ...(p.fallback === null
            ? {}
            : { fallback: { failure_threshold: 1, action: "fixed", replicas: Math.min(p.fallback, max) } }),
          ...(p.group === null
            ? {}
            : {
                group: {
                  name: "pipeline",
                  stage: p.group.stage,
                  ...(p.group.stage > 0 ? { upstream_ratio: p.group.ratio } : {}),
                },
              }),
          ...(p.stepUp === null ? {} : { limits: { max_step_up: p.stepUp } }),
          paused: p.paused,
          target: {
            cluster: CLUSTER,
            service: `llm-${id}`,
            capacity: {
              ...(p.direct
                ? { auto_scaling_group: `${GROUP}-${id}`, mode: "direct", spare_instances: p.spare }
                : {}),
              gpus_per_task: gpt,
              gpus_per_instance: gpi,
            },
          },
        },
      });
    });
}

/** What an edit does: a new policy (valid or broken), a settings edit, or a forged state item. */
const edit = (gpt: readonly number[], gpi: readonly number[]) =>
  fc.oneof(
    {
      arbitrary: fc
        .integer({ min: 0, max: 2 })
        .chain((i) =>
          adversarial(IDS[i]!, gpt[i]!, gpi[i]!).map((body) => ({ kind: "policy" as const, i, body })),
        ),
      weight: 6,
    },
    { arbitrary: fc.integer({ min: 0, max: 2 }).map((i) => ({ kind: "broken" as const, i })), weight: 1 },
    {
      arbitrary: fc.integer({ min: 1, max: 10_000 }).map((n) => ({ kind: "settings" as const, n })),
      weight: 1,
    },
    {
      arbitrary: fc
        .record({
          i: fc.integer({ min: 0, max: 2 }),
          target: fc.integer({ min: 0, max: 10_000 }),
          replicas: fc.integer({ min: 0, max: 10_000 }),
          instances: fc.option(fc.integer({ min: 0, max: 10_000 })),
        })
        .map((f) => ({ kind: "forged" as const, ...f })),
      weight: 1,
    },
  );

describe("the deploy-time ceilings", () => {
  it("hold against any edit of the policies, settings or state tables", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          maxReplicas: fc.option(fc.integer({ min: 1, max: 40 })),
          maxGpus: fc.option(fc.integer({ min: 1, max: 160 })),
        }),
        fc.array(hardware, { minLength: 3, maxLength: 3 }),
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 3, maxLength: 3 }),
        fc.context(),
        async (limits, hw, start, ctx) => {
          const ceilings = {
            ...(limits.maxReplicas === null ? {} : { maxReplicas: limits.maxReplicas }),
            ...(limits.maxGpus === null ? { maxGpus: 64 } : { maxGpus: limits.maxGpus }),
          };
          const gpt = hw.map((h) => h.gpt);
          const gpi = hw.map((h) => h.gpt + h.extra);
          const steps = fc.sample(
            fc.array(
              fc.record({
                edits: fc.array(edit(gpt, gpi), { maxLength: 3 }),
                load: fc.array(fc.double({ min: 0, max: 1e7, noNaN: true }), { minLength: 3, maxLength: 3 }),
              }),
              { minLength: 2, maxLength: 8 },
            ),
            { numRuns: 1, seed: start[0]! + start[1]! * 7 },
          )[0]!;
          const w = memoryWorld();
          const deps = { ...w.deps, ceilings };
          IDS.forEach((id, i) => {
            w.addTarget(id, start[i]!, { direct: true });
            w.policies.putRaw(
              id,
              totalLoadPolicy(id, {
                extra: {
                  target: {
                    cluster: CLUSTER,
                    service: `llm-${id}`,
                    capacity: {
                      auto_scaling_group: `${GROUP}-${id}`,
                      mode: "direct",
                      gpus_per_task: gpt[i],
                      gpus_per_instance: gpi[i],
                    },
                  },
                },
              }),
            );
            w.capacity.groups.set(`${GROUP}-${id}`, {
              min: 0,
              max: 100_000,
              desired: start[i]!,
              inService: start[i]!,
            });
          });
          // Replica cap per target: the replica ceiling and the GPU ceiling over its GPUs per task.
          const cap = (i: number) =>
            Math.min(
              ceilings.maxReplicas ?? Number.POSITIVE_INFINITY,
              Math.floor(ceilings.maxGpus / gpt[i]!),
            );
          // Instances a raise may reach: the GPU ceiling in instances, or what the capped tasks need if more.
          const instanceCap = (i: number) =>
            Math.max(
              Math.floor(ceilings.maxGpus / gpi[i]!),
              Math.ceil(cap(i) / Math.max(1, Math.floor(gpi[i]! / gpt[i]!))),
            );
          for (const step of steps) {
            for (const e of step.edits) {
              if (e.kind === "policy") w.policies.putRaw(IDS[e.i]!, e.body);
              else if (e.kind === "broken")
                w.policies.putRaw(IDS[e.i]!, { max_replicas: "10000", min_replicas: 1e9 });
              else if (e.kind === "settings")
                await w.states.putSettings({
                  killSwitch: false,
                  ceilings: { maxReplicas: e.n, maxGpus: e.n },
                });
              else {
                const id = IDS[e.i]!;
                const stored = await w.states.get(id);
                const forged: TargetState = {
                  targetId: id,
                  version: (stored?.version ?? 0) + 1,
                  target: e.target,
                  policyState: stored?.policyState ?? INITIAL_POLICY_STATE,
                  action: {
                    id: `${id}:forged`,
                    desiredReplicas: e.replicas,
                    desiredInstances: e.instances,
                    intendedAt: 0,
                    decidedAt: 0,
                    appliedAt: null,
                    error: null,
                  },
                  lastDecision: stored?.lastDecision ?? null,
                  lastKnownGood: stored?.lastKnownGood ?? null,
                  policyStatus: stored?.policyStatus ?? null,
                  groupScaleIn: stored?.groupScaleIn ?? null,
                  updatedAt: w.clock.now(),
                };
                await w.states.put(forged, stored?.version ?? 0);
              }
            }
            for (const [i, id] of IDS.entries()) w.load(id, step.load[i]!, w.clock.now() - 30);
            const report = await evaluateRound(deps);
            tally.evaluations += report.outcomes.length;
            w.settle();
            w.clock.advance(10);
          }
          ctx.log(`ceilings ${JSON.stringify(ceilings)}, ${w.audit.calls.length} calls`);
          for (const call of w.audit.calls) {
            const i = IDS.findIndex(
              (id) => call.resource === `${CLUSTER}/llm-${id}` || call.resource === `${GROUP}-${id}`,
            );
            if (call.kind === "ecs") expect(call.requested, call.resource).toBeLessThanOrEqual(cap(i));
            else if (call.before !== undefined && call.requested > call.before)
              expect(call.requested, call.resource).toBeLessThanOrEqual(instanceCap(i));
          }
          expect(w.audit.doubleActions).toBe(0);
          tally.add({ actions: w.audit.actions, doubleActions: w.audit.doubleActions });
        },
      ),
      { numRuns: bySize(150, 2000), seed: 6_9 },
    );
  });
});
