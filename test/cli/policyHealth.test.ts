import { describe, expect, it } from "vitest";
import { diffJson, formatChanges } from "../../cli/format/diffJson";
import { formatStatus } from "../../cli/format/formatStatus";
import { policyHealth } from "../../cli/format/policyHealth";
import { freshTargetState } from "../../shared/engine/freshTargetState";
import type { PolicyRecord } from "../../shared/engine/ports/PolicyStore";
import type { TargetState } from "../../shared/engine/ports/TargetState";

const record = (version: number, body: Record<string, unknown>): PolicyRecord => ({
  targetId: "llm",
  version,
  updatedBy: "alice",
  updatedAt: "2026-12-01T00:00:00.000Z",
  body,
});
const RUNS = {
  target: { cluster: "gpu", service: "llm" },
  load: { metrics: [{ namespace: "n", name: "OngoingRequests" }] },
};
const valid = { min_replicas: 1, max_replicas: 4, ...RUNS };
const invalid = { min_replicas: 2, max_replica: 1 };
const state = (extra: Partial<TargetState>): TargetState => ({ ...freshTargetState("llm"), ...extra });
const status = (version: number, ok: boolean) => ({ version, valid: ok, problems: [], checkedAt: 0 });

describe("policyHealth: one judgement for status and policy list", () => {
  it.each([
    {
      name: "valid and synced",
      rec: record(2, valid),
      st: state({ policyStatus: status(2, true) }),
      valid: true,
      runtime: "synced v2",
    },
    { name: "valid, never synced", rec: record(1, valid), st: undefined, valid: true, runtime: "not synced" },
    {
      name: "valid, an older version synced",
      rec: record(3, valid),
      st: state({ policyStatus: status(2, true) }),
      valid: true,
      runtime: "synced v2, v3 not yet",
    },
    {
      name: "invalid now although a stale status said valid",
      rec: record(2, invalid),
      st: state({ policyStatus: status(2, true), lastKnownGood: { version: 1, body: valid } }),
      valid: false,
      runtime: "last known-good v1",
    },
    {
      name: "a Ray-only body is not a policy the runtime can run",
      rec: record(2, { min_replicas: 1, max_replicas: 4 }),
      st: state({ lastKnownGood: { version: 1, body: valid } }),
      valid: false,
      runtime: "last known-good v1",
    },
    {
      name: "invalid with a pause: the pause applies over the last known-good policy",
      rec: record(2, { ...invalid, paused: "scale_in" }),
      st: state({ lastKnownGood: { version: 1, body: valid } }),
      valid: false,
      runtime: 'last known-good v1 with paused: "scale_in" of v2',
    },
    {
      name: "invalid, never valid",
      rec: record(1, invalid),
      st: undefined,
      valid: false,
      runtime: "none (never valid)",
    },
  ])("$name", ({ rec, st, valid: ok, runtime }) => {
    const health = policyHealth(rec, st);
    expect(health.valid).toBe(ok);
    expect(health.runtime).toBe(runtime);
  });

  it("status says VALID as list does, and never a made-up last known-good version", () => {
    const out = formatStatus(
      [
        {
          targetId: "llm",
          policy: record(1, invalid),
          state: state({ policyStatus: status(1, true) }),
          counts: undefined,
        },
      ],
      0,
    );
    expect(out).toMatch(/llm\s+v1\s+NO\s/);
    expect(out).toContain("policy v1 is INVALID and no version of it ever validated");
    expect(out).not.toContain("v-");
  });

  it("status shows the target's error and a deleted policy as such", () => {
    const out = formatStatus(
      [
        {
          targetId: "old",
          policy: undefined,
          state: state({}),
          counts: undefined,
          error: "ECS service old not found in cluster c",
        },
      ],
      0,
    );
    expect(out).toMatch(/old\s+deleted\s+-\s/);
    expect(out).toContain("old:\n  error: ECS service old not found in cluster c\n  no policy stored");
  });
});

describe("status shows the pause kind and shadow mode as the runtime applies them", () => {
  it.each([
    { body: { ...valid, paused: true }, line: "  paused: deciding nothing and acting on nothing" },
    {
      body: { ...valid, paused: "scale_in" },
      line: "  paused scale_in: scale-downs are held, scale-ups go on",
    },
    {
      body: { ...valid, paused: "scale_out" },
      line: "  paused scale_out: scale-ups are held, scale-downs go on",
    },
    {
      body: { ...valid, shadow: true },
      line: "  shadow: would set 4, service has 2 (nothing is called on ECS or Auto Scaling)",
    },
  ])("$line", ({ body, line }) => {
    const out = formatStatus(
      [
        {
          targetId: "llm",
          policy: record(1, body),
          state: state({ target: 4 }),
          counts: { desired: 2, running: 2, pending: 0 },
        },
      ],
      0,
    );
    expect(out.split("\n")).toContain(line);
  });

  it("an invalid item's pause is shown as applied, and the headline says it wins", () => {
    const out = formatStatus(
      [
        {
          targetId: "llm",
          policy: record(2, { ...invalid, paused: true }),
          state: state({ lastKnownGood: { version: 1, body: valid } }),
          counts: undefined,
        },
      ],
      0,
    );
    expect(out).toContain("  paused: deciding nothing and acting on nothing");
    expect(out).toContain(
      "policy v2 is INVALID; running last known-good v1 with this item's paused: true (a pause always wins):",
    );
  });
});

describe("diffJson: only the fields that changed", () => {
  it.each([
    {
      name: "a field inside an array element",
      before: { s: [{ a: 1, b: 2 }] },
      after: { s: [{ a: 1, b: 3 }] },
      out: "~ $.s[0].b: 2 -> 3",
    },
    { name: "an element added", before: { s: [1] }, after: { s: [1, 2] }, out: "+ $.s[1]: 2" },
    { name: "an element removed", before: { s: [1, 2] }, after: { s: [1] }, out: "- $.s[1]: 2" },
    { name: "nothing", before: { a: { b: [1] } }, after: { a: { b: [1] } }, out: "no differences" },
    { name: "a type change", before: { a: [1] }, after: { a: { x: 1 } }, out: '~ $.a: [1] -> {"x":1}' },
  ])("$name", ({ before, after, out }) => {
    expect(formatChanges(diffJson(before, after))).toBe(out);
  });
});
