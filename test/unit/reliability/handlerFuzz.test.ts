/**
 * The three handlers fed arbitrary JSON and near-miss events (fast-check): none ever throws; a malformed
 * event is answered (tick) or logged (alarm, policy-sync) with its problems, each at a JSON path; a valid
 * one runs against in-memory ports (no AWS), where a good target keeps being scaled.
 */
import { marshall } from "@aws-sdk/util-dynamodb";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { handleAlarm } from "../../../functions/alarm/handleAlarm";
import { localContext } from "../../../functions/LambdaContext";
import { handlePolicySync } from "../../../functions/policy-sync/handlePolicySync";
import { handleTick } from "../../../functions/tick/handleTick";
import type { AlarmManager } from "../../../shared/engine/ports/AlarmManager";
import { buildRuntime, type Runtime } from "../../../shared/runtime/buildRuntime";
import { memoryWorld, totalLoadPolicy } from "../../reliability/memoryWorld";
import { bySize } from "../../reliability/reliabilityScale";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";

const tally = new ReliabilityTally("handler events, fuzzed (in memory)");
afterAll(() => tally.record());

const PREFIX = "driftless-";
const RUNS = bySize(200, 3000);

let metricsDisabled: string | undefined;
beforeAll(() => {
  // The handlers publish embedded-format metrics on stdout; not here.
  metricsDisabled = process.env.POWERTOOLS_METRICS_DISABLED;
  process.env.POWERTOOLS_METRICS_DISABLED = "true";
});
afterAll(() => {
  if (metricsDisabled === undefined) delete process.env.POWERTOOLS_METRICS_DISABLED;
  else process.env.POWERTOOLS_METRICS_DISABLED = metricsDisabled;
});

/** A runtime over in-memory ports with a good target ("good", 2 replicas, asking for 6) and fake alarms. */
function world() {
  const w = memoryWorld();
  const t0 = w.clock.now();
  w.addTarget("good", 2);
  w.load("good", 60, t0 - 60, t0 + 3600);
  const alarms: AlarmManager = {
    syncAlarms: async (_id, specs) => ({
      put: specs.map((s) => s.suffix),
      deleted: [],
      unchanged: [],
    }),
    deleteAlarms: async () => [],
  };
  const base = buildRuntime({ AWS_REGION: "us-east-1", DRIFTLESS_ALARM_PREFIX: PREFIX }, { clock: w.clock });
  base.logger.setLogLevel("SILENT");
  const runtime: Runtime = { ...base, deps: w.deps, alarms };
  const logged = vi.spyOn(runtime.logger, "error");
  const context = localContext(900, () => w.clock.now() * 1000);
  return { w, runtime, logged, context };
}

/** Problems the handler logged with `message` (the second argument's `problems`). */
function loggedProblems(
  logged: { mock: { calls: unknown[][] } },
  message: string,
): { path: string; message: string }[] {
  return logged.mock.calls
    .filter((call) => call[0] === message)
    .flatMap((call) => (call[1] as { problems?: { path: string; message: string }[] }).problems ?? []);
}

const json = fc.jsonValue({ maxDepth: 4 });
const junk = fc.oneof(
  json,
  fc.anything({ maxDepth: 3, withBigInt: true, withSet: true, withNullPrototype: true }),
);
/** Mostly `valid`, sometimes junk in its place, sometimes missing (undefined drops the key from a record). */
const maybe = <T>(valid: fc.Arbitrary<T>) =>
  fc.oneof(
    { arbitrary: valid, weight: 6 },
    { arbitrary: junk, weight: 1 },
    { arbitrary: fc.constant(undefined), weight: 1 },
  );
/** A record whose undefined fields are dropped, as a missing key. */
const fields = <T extends Record<string, fc.Arbitrary<unknown>>>(shape: T) =>
  fc.record(shape).map((r) => Object.fromEntries(Object.entries(r).filter(([, v]) => v !== undefined)));

describe("the tick handler", () => {
  it("never throws: a bad event is answered with its problems, a good one scales", async () => {
    let valid = 0;
    const event = fc.oneof(
      junk,
      fc.record(
        {
          shard: fc.oneof(fc.integer({ min: -2, max: 4 }), junk),
          shards: fc.oneof(fc.integer({ min: -1, max: 5 }), junk),
        },
        { requiredKeys: [] },
      ),
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const { w, runtime, context } = world();
        let result: Awaited<ReturnType<typeof handleTick>> | undefined;
        try {
          result = await handleTick(runtime, e, context);
        } catch (error) {
          tally.loopCrashes++;
          throw error;
        }
        tally.evaluations += result.decisions;
        if (!result.ok) {
          expect(result.problems?.length).toBeGreaterThan(0);
          for (const p of result.problems ?? []) expect(p.path).toMatch(/^\$/);
          return;
        }
        expect(result.rounds).toBeGreaterThan(0);
        valid++;
        // The good target is in this shard or another; where it is evaluated, it is scaled.
        if (result.decisions > 0) expect(w.desired("good")).toBe(6);
      }),
      { numRuns: RUNS, seed: 6_4 },
    );
    expect(valid).toBeGreaterThan(RUNS / 20);
  });
});

describe("the alarm handler", () => {
  it("never throws: a bad event is logged with its problems, a good one evaluates its target", async () => {
    let valid = 0;
    const alarmName = fc.oneof(
      fc.constantFrom(
        `${PREFIX}good.scale-up`,
        `${PREFIX}good.slo`,
        `${PREFIX}.x`,
        `${PREFIX}good.`,
        "other-alarm",
      ),
      fc.string({ maxLength: 300 }).map((s) => `${PREFIX}${s}`),
      junk,
    );
    const event = fc.oneof(
      { arbitrary: junk, weight: 1 },
      {
        arbitrary: fields({
          source: maybe(fc.constant("aws.cloudwatch")),
          "detail-type": maybe(fc.constant("CloudWatch Alarm State Change")),
          detail: maybe(
            fields({
              alarmName: maybe(alarmName),
              state: maybe(fields({ value: maybe(fc.constantFrom("ALARM", "OK", "INSUFFICIENT_DATA")) })),
            }),
          ),
        }),
        weight: 3,
      },
    );
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const { w, runtime, logged, context } = world();
        let result: Awaited<ReturnType<typeof handleAlarm>> | undefined;
        try {
          result = await handleAlarm(runtime, e, context);
        } catch (error) {
          tally.loopCrashes++;
          throw error;
        }
        tally.evaluations += result.rounds;
        if (!result.ok) {
          const problems = loggedProblems(logged, "alarm event refused");
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.path).toMatch(/^\$/);
          return;
        }
        if (result.targetId === "good" && result.rounds > 0) {
          expect(w.desired("good")).toBe(6);
          valid++;
        }
      }),
      { numRuns: RUNS, seed: 6_5 },
    );
    expect(valid).toBeGreaterThan(0);
  });
});

describe("the policy-sync handler", () => {
  it("never throws: a bad event or record is logged with its problems, good records are synced", async () => {
    let synced = 0;
    const attributeJunk = fc.oneof(
      junk,
      fc.dictionary(
        fc.string({ maxLength: 8 }),
        fc.oneof(junk, fc.record({ S: junk }), fc.record({ N: fc.string() })),
        {
          maxKeys: 4,
        },
      ),
    );
    const image = fc.oneof(
      { arbitrary: attributeJunk, weight: 1 },
      {
        arbitrary: fc.constant(
          marshall(
            { targetId: "good", version: 2, ...totalLoadPolicy("good") },
            { removeUndefinedValues: true },
          ),
        ),
        weight: 2,
      },
      {
        arbitrary: fc.constant(
          marshall({ targetId: "good", version: 3, max_replicas: "8", upscale_dealy_s: 1 }),
        ),
        weight: 1,
      },
    );
    const record = fc.oneof(
      { arbitrary: junk, weight: 1 },
      {
        arbitrary: fields({
          eventID: maybe(fc.string()),
          eventName: maybe(fc.constantFrom("INSERT", "MODIFY", "REMOVE")),
          dynamodb: maybe(
            fields({
              Keys: maybe(fc.constantFrom(marshall({ targetId: "good" }), marshall({ targetId: "" }))),
              NewImage: maybe(image),
              SequenceNumber: maybe(fc.string()),
            }),
          ),
        }),
        weight: 3,
      },
    );
    const event = fc.oneof(junk, fields({ Records: maybe(fc.array(record, { maxLength: 5 })) }));
    await fc.assert(
      fc.asyncProperty(event, async (e) => {
        const { runtime, logged } = world();
        let result: Awaited<ReturnType<typeof handlePolicySync>> | undefined;
        try {
          result = await handlePolicySync(runtime, e);
        } catch (error) {
          tally.loopCrashes++;
          throw error;
        }
        const refused = loggedProblems(logged, "policy-sync event refused");
        const records = logged.mock.calls.filter((call) => call[0] === "stream record refused");
        for (const p of refused) expect(p.path).toMatch(/^\$/);
        for (const call of records) {
          const problems = (call[1] as { problems: { path: string }[] }).problems;
          expect(problems.length).toBeGreaterThan(0);
          for (const p of problems) expect(p.path).toMatch(/^\$\.Records\[\d+\]/);
        }
        // Every record is accounted for: synced, refused (logged) or reported for retry.
        const recordsIn =
          typeof e === "object" && e !== null && Array.isArray((e as { Records?: unknown }).Records)
            ? (e as { Records: unknown[] }).Records.length
            : 0;
        if (refused.length === 0) {
          expect(result.outcomes.length + records.length + result.batchItemFailures.length).toBe(recordsIn);
        }
        synced += result.outcomes.length;
      }),
      { numRuns: RUNS, seed: 6_6 },
    );
    expect(synced).toBeGreaterThan(0);
  });
});
