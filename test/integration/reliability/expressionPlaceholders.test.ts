/**
 * Operator input reaches DynamoDB only through expression attribute names and values: every request the
 * adapters send (captured on the wire, after serialization, by SDK middleware) is checked while hostile
 * target ids, updatedBy values, action ids and policy field names (`x; DROP`, `#name`, `:v`,
 * `version = 1 OR ...`) go through every store operation, a policy-sync of an item full of them, and an
 * engine round; they read back exactly as written.
 */
import { afterAll, afterEach, beforeEach, describe, expect, it } from "vitest";
import { syncPolicyChange } from "../../../functions/policy-sync/syncPolicyChange";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import type { DecisionRecord } from "../../../shared/engine/ports/DecisionLog";
import { StateConflictError } from "../../../shared/errors/StateConflictError";
import { INITIAL_POLICY_STATE } from "../../../shared/policy/PolicyState";
import { captureRequests } from "../../reliability/captureRequests";
import { type EmulatorWorld, emulatorWorld } from "../../reliability/emulatorWorld";
import { totalLoadPolicy } from "../../reliability/memoryWorld";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { resetEmulator } from "../../support/resetEmulator";

const tally = new ReliabilityTally("operator input vs DynamoDB expressions (emulator)");
afterAll(() => tally.record());

const HOSTILE = [
  "x; DROP TABLE driftless-state",
  "#name",
  ":v",
  "version = 1 OR version <> 1",
  "a) OR (attribute_exists(targetId)",
  "attribute_exists(version)",
  "SET #version = :one",
  "\"quoted\" and 'single'",
  "ünïcødé 🚀",
] as const;

/** `{ path: value }` of every field named `*Expression`, and every ExpressionAttributeNames/Values map. */
function expressionsOf(
  body: unknown,
  path = "$",
): { expressions: [string, string][]; maps: [string, Record<string, unknown>][] } {
  const expressions: [string, string][] = [];
  const maps: [string, Record<string, unknown>][] = [];
  const walk = (node: unknown, at: string) => {
    if (typeof node !== "object" || node === null) return;
    for (const [key, value] of Object.entries(node)) {
      if (key.endsWith("Expression") && typeof value === "string") expressions.push([`${at}.${key}`, value]);
      else if (key === "ExpressionAttributeNames" || key === "ExpressionAttributeValues")
        maps.push([`${at}.${key}`, value as Record<string, unknown>]);
      else walk(value, `${at}.${key}`);
    }
  };
  walk(body, path);
  return { expressions, maps };
}

/** An expression in the only grammar driftless writes: placeholders, function names, operators. */
const EXPRESSION =
  /^(?:\s|#[A-Za-z]+|:[A-Za-z]+|attribute_not_exists|attribute_exists|attribute_type|AND|OR|SET|REMOVE|[()=<>+,.])+$/;

let world: EmulatorWorld | undefined;
beforeEach(async () => {
  await resetEmulator();
});
afterEach(() => world?.destroy());

describe("operator input and DynamoDB expressions", () => {
  it("never puts an operator string inside an expression, and reads every one back exactly", async () => {
    // arrange
    const w = await emulatorWorld();
    world = w;
    const rt = w.runtime({ direct: true });
    const sent = captureRequests(rt.dynamo);
    const { policies, states, log } = rt.deps;
    const hostileFields = Object.fromEntries(HOSTILE.map((h, i) => [h, i]));
    // act: every store operation with hostile ids, values and field names
    for (const [i, id] of HOSTILE.entries()) {
      const put = await policies.put(
        { targetId: id, updatedBy: id, updatedAt: id, body: { ...hostileFields, description: id } },
        0,
      );
      await expect(
        policies.put({ targetId: id, updatedBy: id, updatedAt: id, body: {} }, 0),
      ).rejects.toBeInstanceOf(StateConflictError);
      expect(await policies.get(id)).toEqual(put);
      await states.put(
        {
          targetId: id,
          version: 1,
          target: 2,
          policyState: INITIAL_POLICY_STATE,
          action: {
            id,
            desiredReplicas: 3,
            desiredInstances: null,
            intendedAt: 1,
            decidedAt: 1,
            appliedAt: null,
            error: id,
          },
          lastDecision: null,
          lastKnownGood: { version: 1, body: hostileFields },
          policyStatus: {
            version: 1,
            valid: false,
            problems: [{ path: `$[${JSON.stringify(id)}]`, message: id }],
            checkedAt: 1,
          },
          groupScaleIn: { group: id, steps: [{ instances: 1, since: 1 }] },
          updatedAt: 1,
        },
        0,
      );
      expect(await states.markActionApplied(id, `${id} OR 1=1`, 5, null)).toBe(false);
      expect(await states.markActionApplied(id, id, 5, id)).toBe(true);
      const stored = await states.get(id);
      expect(stored?.action).toMatchObject({ id, appliedAt: 5, error: id });
      expect(stored?.lastKnownGood?.body).toEqual(hostileFields);
      const record: DecisionRecord = {
        evaluationId: id,
        at: 100 + i,
        desiredReplicas: 2,
        previousTarget: 2,
        direction: "none",
        reason: id,
        intendedAt: null,
        latenessMs: null,
        pendingDelay: null,
        trace: [{ step: id, out: null, note: id }],
        targetId: id,
        policyVersion: 1,
        running: 2,
        pending: 0,
        load: 1,
        metricAgeS: 1,
        acted: false,
      };
      await log.append([record]);
      expect((await log.recent(id, 5)).map((r) => [r.targetId, r.reason, r.trace[0]?.step])).toEqual([
        [id, id, id],
      ]);
    }
    expect((await policies.list()).map((p) => p.targetId).sort()).toEqual([...HOSTILE].sort());
    expect([...(await states.getMany([...HOSTILE])).keys()].sort()).toEqual([...HOSTILE].sort());
    for (const id of HOSTILE) await policies.delete(id, 1);
    // policy-sync of an item whose field names are all hostile
    await syncPolicyChange(
      rt.deps,
      { syncAlarms: async () => ({ put: [], deleted: [], unchanged: [] }), deleteAlarms: async () => [] },
      {
        itemIdentifier: "1",
        targetId: HOSTILE[0],
        kind: "upsert",
        item: { targetId: HOSTILE[0], version: 3, ...hostileFields },
      },
    );
    expect((await states.get(HOSTILE[0]))?.policyStatus?.problems.map((p) => p.path)).toContain(
      '$["x; DROP TABLE driftless-state"]',
    );
    // assert
    expect(sent.length).toBeGreaterThan(HOSTILE.length * 8);
    checkRequests(sent);
    tally.evaluations += sent.length;
  });

  it("an engine round over hostile target ids scales them, with only placeholders in its expressions", async () => {
    // arrange: each hostile id scales service llm-<n> from 2 to 6
    const w = await emulatorWorld();
    world = w;
    const rt = w.runtime({ direct: true });
    const sent = captureRequests(rt.dynamo);
    const services = HOSTILE.map((_, i) => `s${i}`);
    await w.addServices(services, 2);
    for (const [i, id] of HOSTILE.entries()) {
      const body = totalLoadPolicy(services[i]!);
      await rt.deps.policies.put({ targetId: id, updatedBy: id, updatedAt: id, body }, 0);
    }
    await w.publish(new Map(services.map((s) => [s, 60])), w.t0 - 150, w.t0);
    // act
    const report = await evaluateRound(rt.deps);
    w.clock.set(w.t0 + 10);
    const next = await evaluateRound(w.runtime({ direct: true }).deps);
    // assert
    expect(report.errors).toBe(0);
    expect(report.outcomes.map((o) => o.status)).toEqual(HOSTILE.map(() => "decided"));
    expect(await Promise.all(services.map((s) => w.desired(s)))).toEqual(services.map(() => 6));
    expect(next.actions).toBe(0);
    for (const id of HOSTILE) expect((await rt.deps.log.recent(id, 5))[0]?.targetId).toBe(id);
    checkRequests(sent);
    tally.add({
      evaluations: report.outcomes.length + next.outcomes.length,
      actions: w.audit.actions,
      doubleActions: w.audit.doubleActions,
    });
  });
});

/** Every captured expression is in driftless's grammar, free of operator strings, with defined placeholders. */
function checkRequests(sent: readonly { operation: string; body: Record<string, unknown> }[]): void {
  let expressions = 0;
  for (const { operation, body } of sent) {
    const found = expressionsOf(body);
    const names = new Set(found.maps.flatMap(([, m]) => Object.keys(m)));
    for (const [path, expression] of found.expressions) {
      expressions++;
      expect(expression, `${operation} ${path}`).toMatch(EXPRESSION);
      for (const h of HOSTILE)
        expect(expression.includes(h), `${operation} ${path} contains ${JSON.stringify(h)}`).toBe(false);
      for (const token of expression.match(/[#:][A-Za-z]+/g) ?? [])
        expect(names.has(token), `${operation}: ${token} defined`).toBe(true);
    }
    // Placeholder names are driftless's own; operator strings are only ever their values.
    for (const [path, map] of found.maps)
      for (const key of Object.keys(map)) expect(key, path).toMatch(/^[#:][A-Za-z]+$/);
  }
  expect(expressions).toBeGreaterThan(0);
}
