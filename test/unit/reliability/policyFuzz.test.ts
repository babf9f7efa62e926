/**
 * Bad policy items, fuzzed: a valid policy with one to four faults planted at known places (wrong types,
 * huge and negative numbers, NaN and Infinity, numbers as strings, unknown fields, bad time zones and
 * crons, min above max, nested junk), and arbitrary junk items. Each is refused with every problem located
 * by a JSON path, never by a thrown exception; and an engine round with a fuzzed target next to a good one
 * still scales the good one. (A number JavaScript cannot hold exactly, typed into the console, is covered
 * on the emulator: test/integration/reliability/badInputOnEmulator.test.ts.)
 */
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { formatPath } from "../../../shared/errors/ValidationProblem";
import { parsePolicy } from "../../../shared/policy/parsePolicy";
import { parseStoredPolicy } from "../../../shared/policy/parseStoredPolicy";
import { CLUSTER, memoryWorld, totalLoadPolicy } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";

const tally = new ReliabilityTally("bad policy items (in memory)");
afterAll(() => tally.record());

type Path = readonly (string | number)[];

/** A valid policy that uses every section, so every field can be broken. */
function richPolicy(): Record<string, unknown> {
  return {
    min_replicas: 1,
    max_replicas: 8,
    initial_replicas: 2,
    target_ongoing_requests: 10,
    upscale_delay_s: 30,
    downscale_delay_s: 300,
    look_back_period_s: 30,
    target: {
      cluster: CLUSTER,
      service: "llm-fuzzed",
      cold_start_s: 90,
      capacity: {
        auto_scaling_group: "gpu-asg-fuzzed",
        mode: "direct",
        gpus_per_task: 1,
        gpus_per_instance: 4,
      },
    },
    load: {
      metrics: [
        {
          namespace: "Driftless/Inference",
          name: "Ongoing",
          dimensions: { Service: "llm-fuzzed" },
          period_s: 10,
        },
      ],
      stale_after_s: 120,
    },
    schedules: [
      {
        name: "market-hours",
        start: "30 9 * * 1-5",
        end: "0 16 * * 1-5",
        timezone: "America/New_York",
        overrides: { min_replicas: 4 },
      },
    ],
    slo: { metric: { namespace: "Driftless/Inference", name: "TtftP95", period_s: 10 }, target_ms: 500 },
    limits: { max_step_up: 4, max_gpus: 32 },
    fallback: { failure_threshold: 3, action: "fixed", replicas: 4 },
    pending: { timeout_s: 600 },
  };
}

/** Numeric fields (none accepts null) with their place in richPolicy. */
const NUMBER_FIELDS: readonly Path[] = [
  ["min_replicas"],
  ["max_replicas"],
  ["target_ongoing_requests"],
  ["upscale_delay_s"],
  ["downscale_delay_s"],
  ["look_back_period_s"],
  ["target", "cold_start_s"],
  ["target", "capacity", "gpus_per_task"],
  ["target", "capacity", "gpus_per_instance"],
  ["load", "metrics", 0, "period_s"],
  ["load", "stale_after_s"],
  ["schedules", 0, "overrides", "min_replicas"],
  ["slo", "target_ms"],
  ["limits", "max_step_up"],
  ["limits", "max_gpus"],
  ["fallback", "failure_threshold"],
  ["fallback", "replicas"],
  ["pending", "timeout_s"],
];

/** Sections that refuse unknown fields. */
const SECTIONS: readonly Path[] = [
  [],
  ["target"],
  ["target", "capacity"],
  ["load"],
  ["load", "metrics", 0],
  ["schedules", 0],
  ["schedules", 0, "overrides"],
  ["slo"],
  ["slo", "metric"],
  ["limits"],
  ["fallback"],
  ["pending"],
];

const KNOWN = new Set(
  JSON.stringify(richPolicy())
    .match(/"[a-z_]+":/g)
    ?.map((k) => k.slice(1, -2)) ?? [],
);
for (const extra of [
  "paused",
  "description",
  "group",
  "smoothing_factor",
  "per",
  "statistic",
  "duration_s",
  "ready_at_start",
  "lead_time_s",
  "backlog",
  "spare_instances",
  "instance_boot_s",
  "capacity_provider",
  "gain",
  "max_urgency",
  "scale_down_below",
  "max_up_per_minute",
  "max_cost_per_hour",
  "gpu_hour_cost",
  "scale_in_pause_s",
  "hold_scale_up",
  "action",
  "metrics_interval_s",
  "aggregation_function",
  "downscale_to_zero_delay_s",
  "upscaling_factor",
  "downscaling_factor",
  "target_num_ongoing_requests_per_replica",
  "upscale_smoothing_factor",
  "downscale_smoothing_factor",
  "dimensions",
  "stage",
  "upstream_ratio",
])
  KNOWN.add(extra);

/** A fault planted in a policy: where, what, and the JSON path a problem must name (or lie under). */
interface Plant {
  readonly kind: string;
  readonly path: Path;
  readonly value: unknown;
  readonly expectAt: string;
  /** Adds a key instead of replacing a value. */
  readonly newKey?: string;
}

const deepJunk: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  junk: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("junk"), { maxLength: 3 }),
    fc.dictionary(fc.string({ maxLength: 6 }), tie("junk"), { maxKeys: 3 }),
  ),
})).junk;

const plant: fc.Arbitrary<Plant> = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...NUMBER_FIELDS),
      fc.constantFrom<unknown>("x", true, false, [], {}, [1], { n: 1 }),
    )
    .map(([path, value]) => ({ kind: "wrong type", path, value, expectAt: formatPath(path) })),
  fc
    .tuple(
      fc.constantFrom(...NUMBER_FIELDS),
      fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER * 8, 1e12, -1, -0.5),
    )
    .map(([path, value]) => ({ kind: "huge or negative", path, value, expectAt: formatPath(path) })),
  fc
    .tuple(
      fc.constantFrom(...NUMBER_FIELDS),
      fc.constantFrom(Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
    )
    .map(([path, value]) => ({ kind: "NaN or Infinity", path, value, expectAt: formatPath(path) })),
  fc
    .tuple(fc.constantFrom(...NUMBER_FIELDS), fc.constantFrom("8", "1", "0", "1e3", " 2 ", "NaN"))
    .map(([path, value]) => ({ kind: "number as string", path, value, expectAt: formatPath(path) })),
  fc
    .tuple(
      fc.constantFrom(...SECTIONS),
      fc.oneof(
        fc.string({ minLength: 1, maxLength: 12 }),
        fc.constantFrom(
          "__proto__",
          "constructor",
          "toString",
          "max_replica",
          "upscale_dealy_s",
          "#name",
          ":v",
        ),
      ),
      deepJunk,
    )
    .filter(([, key]) => !KNOWN.has(key))
    .map(([path, key, value]) => ({
      kind: "unknown field",
      path,
      value,
      newKey: key,
      expectAt: formatPath([...path, key]),
    })),
  fc
    .constantFrom(
      "Mars/Olympus_Mons",
      "UTC+25",
      "",
      "America/New York",
      "Etc/GMT+99",
      "\u0000",
      "America/New_York ",
    )
    .map((value) => ({
      kind: "bad time zone",
      path: ["schedules", 0, "timezone"],
      value,
      expectAt: "$.schedules[0].timezone",
    })),
  fc
    .tuple(
      fc.constantFrom<Path>(["schedules", 0, "start"], ["schedules", 0, "end"]),
      fc.constantFrom(
        "61 * * * *",
        "* * *",
        "* * * * * *",
        "@reboot",
        "0 0 31 2 *",
        "*/0 * * * *",
        "1-1000000 * * * *",
        "L W # ? x",
        "",
        "0 25 * * *",
      ),
    )
    .map(([path, value]) => ({ kind: "bad cron", path, value, expectAt: formatPath(path) })),
  fc
    .integer({ min: 9, max: 10_000 })
    .map((value) => ({ kind: "min above max", path: ["min_replicas"], value, expectAt: "$.min_replicas" })),
  fc
    .tuple(
      fc.constantFrom<Path>(
        ["target"],
        ["load"],
        ["schedules"],
        ["slo"],
        ["limits"],
        ["fallback"],
        ["target", "capacity"],
        ["load", "metrics"],
      ),
      deepJunk,
    )
    // An empty section or list can be valid (no schedules, default limits): junk must hold something.
    .filter(([, junk]) => typeof junk !== "object" || junk === null || Object.keys(junk).length > 0)
    .map(([path, value]) => ({ kind: "nested junk", path, value, expectAt: formatPath(path) })),
);

/** richPolicy with `plants` applied (an own `__proto__` key is defined, not assigned, as JSON.parse would). */
function planted(plants: readonly Plant[]): Record<string, unknown> {
  const policy = structuredClone(richPolicy());
  for (const p of plants) {
    const parent = (p.newKey === undefined ? p.path.slice(0, -1) : p.path).reduce<unknown>(
      (node, key) =>
        typeof node === "object" && node !== null
          ? (node as Record<string | number, unknown>)[key]
          : undefined,
      policy,
    );
    // An earlier plant may have replaced the section this one goes into: then it is not planted.
    if (typeof parent !== "object" || parent === null) continue;
    const key = p.newKey ?? p.path.at(-1)!;
    Object.defineProperty(parent, key, {
      value: p.value,
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return policy;
}

/** True when `path` is `at` or lies under it. */
const within = (path: string, at: string) =>
  path === at || path.startsWith(`${at}.`) || path.startsWith(`${at}[`);

describe("a fuzzed policy item", () => {
  it("is refused with every planted fault located by its JSON path, never with an exception", () => {
    fc.assert(
      fc.property(fc.array(plant, { minLength: 1, maxLength: 4 }), (plants) => {
        const policy = planted(plants);
        const result = parsePolicy(policy);
        expect(result.ok).toBe(false);
        if (result.ok) return;
        for (const problem of result.problems) {
          expect(problem.path).toMatch(/^\$/);
          expect(problem.message.trim().length).toBeGreaterThan(0);
        }
        // Check the faults still in the item: a later plant may replace the section an earlier one broke, and
        // a plant inside a section an earlier one replaced was not planted.
        const effective = plants.filter(
          (p, i) =>
            !plants.slice(i + 1).some((q) => within(p.expectAt, q.expectAt)) &&
            !plants.slice(0, i).some((q) => within(p.expectAt, q.expectAt) && p.expectAt !== q.expectAt) &&
            // min above max is a fault only while max_replicas stays what it was.
            !(p.kind === "min above max" && plants.some((q) => q.expectAt === "$.max_replicas")),
        );
        for (const p of effective) {
          const paths = result.problems.map((x) => x.path);
          expect(
            paths.some((path) => within(path, p.expectAt) || within(p.expectAt, path)),
            `${p.kind} at ${p.expectAt}: ${JSON.stringify(result.problems)}`,
          ).toBe(true);
        }
      }),
      { numRuns: bySize(400, 5000), seed: 6_1 },
    );
  });

  it("of arbitrary junk never throws, and is either valid or refused with located problems", () => {
    const junkItem = fc.dictionary(
      fc.oneof(
        fc.string({ maxLength: 20 }),
        fc.constantFrom("max_replicas", "target", "load", "schedules", "__proto__"),
      ),
      fc.anything({
        withSet: true,
        withMap: true,
        withBigInt: true,
        withDate: true,
        withNullPrototype: true,
        maxDepth: 4,
      }),
      { maxKeys: 8 },
    );
    fc.assert(
      fc.property(fc.oneof(junkItem, fc.anything({ withBigInt: true, withSet: true })), (item) => {
        const result = parsePolicy(item);
        if (!result.ok) {
          expect(result.problems.length).toBeGreaterThan(0);
          for (const problem of result.problems) expect(problem.path).toMatch(/^\$/);
        }
      }),
      { numRuns: bySize(500, 10_000), seed: 6_2 },
    );
  });
});

describe("an engine round with a fuzzed target next to a good one", () => {
  it("still scales the good target, and records the fuzzed one's problems", async () => {
    let rounds = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.array(plant, { minLength: 1, maxLength: 4 }).map(planted),
          fc.dictionary(
            fc.string({ maxLength: 12 }),
            fc.anything({ withSet: true, withBigInt: true, maxDepth: 3 }),
            {
              maxKeys: 6,
            },
          ),
        ),
        fc.boolean(),
        async (body, hadGoodPolicy) => {
          // arrange: "good" wants 2 -> 6; "fuzzed" (optionally once valid) is edited into `body`
          const w = memoryWorld();
          const t0 = w.clock.now();
          w.addTarget("good", 2);
          w.load("good", 60, t0 - 60, t0);
          w.addTarget("fuzzed", 3);
          w.load("fuzzed", 30, t0 - 60, t0);
          if (hadGoodPolicy) await evaluateRound(w.deps, { targetIds: ["fuzzed"] });
          w.policies.putRaw("fuzzed", body);
          // act
          const report = await evaluateRound(w.deps);
          rounds++;
          // assert
          expect(w.desired("good")).toBe(6);
          expect(report.outcomes.find((o) => o.targetId === "good")?.status).toBe("decided");
          // The engine judges a stored item: a Ray-only body (no target, no load) is invalid there too.
          const parsed = parseStoredPolicy(body);
          const status = (await w.states.get("fuzzed"))?.policyStatus;
          expect(status?.valid).toBe(parsed.ok);
          if (!parsed.ok) {
            expect(report.invalidPolicies).toBe(1);
            expect(status?.problems.length).toBeGreaterThan(0);
            // The last known-good policy keeps the fuzzed target scaling (3 replicas are what it asked for).
            if (hadGoodPolicy) expect(w.desired("fuzzed")).toBe(3);
          }
          tally.add({ evaluations: report.outcomes.length, actions: report.actions });
        },
      ),
      { numRuns: bySize(150, 2000), seed: 6_3 },
    );
    expect(rounds).toBeGreaterThan(0);
  });

  it("with a valid policy that happens to name the good target's service, the good target still acts once", async () => {
    const w = memoryWorld();
    const t0 = w.clock.now();
    w.addTarget("good", 2);
    w.load("good", 60, t0 - 60, t0);
    w.policies.putRaw("twin", totalLoadPolicy("good", { extra: { max_replicas: 2 } }));
    const report = await evaluateRound(w.deps);
    // Two policies on one service fight: each round sets its own count, but never twice for one decision.
    expect(report.outcomes.map((o) => o.status)).toEqual(["decided", "decided"]);
    expect(w.audit.doubleActions).toBe(0);
  });
});
