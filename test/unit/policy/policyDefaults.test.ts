import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import type { z } from "zod";
import {
  PolicySchema,
  RAY_DEFAULTS,
  RayDefaultsSchema,
  RayFieldsShape,
  RayOverridesShape,
} from "../../../shared/policy/PolicySchema";
import { parsePolicy, validatePolicy } from "../../../shared/policy/parsePolicy";

const ROOT = join(import.meta.dirname, "../../..");

/** What the schema says a field is when a policy leaves it out. */
type FieldDefault =
  | { readonly kind: "default"; readonly value: unknown }
  | { readonly kind: "required" }
  | { readonly kind: "none" };

type Node = z.ZodType & { readonly def: Record<string, unknown> & { readonly type: string } };
const WRAPPERS = new Set(["optional", "nullable", "default", "prefault", "readonly"]);

/** The object or array beneath a field's optional/default wrappers, if the field is one. */
function container(node: Node): Node | undefined {
  let n = node;
  while (WRAPPERS.has(n.def.type)) n = n.def.innerType as Node;
  return n.def.type === "object" || n.def.type === "array" ? n : undefined;
}

function defaultOf(node: Node): FieldDefault {
  const unset = node.safeParse(undefined);
  if (!unset.success) return { kind: "required" };
  return unset.data === undefined ? { kind: "none" } : { kind: "default", value: unset.data };
}

/**
 * Every field of the policy schema by path (`load.metrics[].period_s`), with its default, and which of
 * them are leaves (not sections or lists). A top-level Ray field's default is RayDefaultsSchema's: it
 * applies after alias resolution.
 */
function schemaFields(): { readonly fields: Map<string, FieldDefault>; readonly leaves: Set<string> } {
  const fields = new Map<string, FieldDefault>();
  const leaves = new Set<string>();
  const visit = (node: Node, path: string) => {
    const inner = container(node);
    if (path !== "") fields.set(path, defaultOf(node));
    if (path !== "" && inner === undefined) leaves.add(path);
    if (inner?.def.type === "array") visit(inner.def.element as Node, `${path}[]`);
    if (inner?.def.type === "object") {
      for (const [key, child] of Object.entries(inner.def.shape as Record<string, Node>)) {
        visit(child, path === "" ? key : `${path}.${key}`);
      }
    }
  };
  visit(PolicySchema as unknown as Node, "");
  for (const [key, value] of Object.entries(RAY_DEFAULTS)) fields.set(key, { kind: "default", value });
  return { fields, leaves };
}

function expectOneOfEndOrDuration(): void {
  const result = parsePolicy({ schedules: [{ name: "w", start: "0 9 * * *", overrides: {} }] });
  expect(result.ok ? [] : result.problems).toContainEqual({
    path: "$.schedules[0]",
    message: "a window needs exactly one of end or duration_s",
  });
}

/**
 * Defaults that are other fields, not values: the README's words for each, and the behaviour that
 * proves them (the schema states no value for these).
 */
const DERIVED: Record<string, { readonly text: string; readonly holds: () => void }> = {
  initial_replicas: {
    text: "`min_replicas`",
    holds: () => expect(validatePolicy({ min_replicas: 3, max_replicas: 5 }).initialReplicas).toBe(3),
  },
  downscale_to_zero_delay_s: {
    text: "`downscale_delay_s`",
    holds: () => expect(validatePolicy({}).ray.downscaleToZeroDelayS).toBeUndefined(),
  },
  "schedules[].end": { text: "one of `end`/`duration_s`", holds: () => expectOneOfEndOrDuration() },
  "schedules[].duration_s": { text: "one of `end`/`duration_s`", holds: () => expectOneOfEndOrDuration() },
  "schedules[].lead_time_s": {
    text: "`cold_start_s` + `instance_boot_s`",
    holds: () => {
      const policy = validatePolicy({
        target: { cluster: "c", service: "s", cold_start_s: 70, capacity: { instance_boot_s: 200 } },
        load: { metrics: [{ namespace: "n", name: "m" }] },
        schedules: [{ name: "w", start: "0 9 * * *", duration_s: 60, ready_at_start: true, overrides: {} }],
      });
      expect(policy.schedules[0]?.leadS).toBe(270);
    },
  },
  "predictive.lead_time_s": {
    text: "`target.cold_start_s` + `target.capacity.instance_boot_s`",
    holds: () => {
      const policy = validatePolicy({
        target: { cluster: "c", service: "s", cold_start_s: 70, capacity: { instance_boot_s: 200 } },
        load: { metrics: [{ namespace: "n", name: "m" }] },
        predictive: { mode: "forecast_only" },
      });
      expect(policy.predictive.leadTimeS).toBe(270);
      const warm = validatePolicy({
        target: { cluster: "c", service: "s", cold_start_s: 70, capacity: { instance_restart_s: 50 } },
        load: { metrics: [{ namespace: "n", name: "m" }] },
        predictive: { mode: "forecast_only" },
      });
      expect(warm.predictive.warmLeadTimeS).toBe(120);
    },
  },
};

interface DocRow {
  readonly path: string;
  readonly text: string;
  readonly line: number;
}

/** The rows of the README's "Policy reference" tables: one per field path, with its default cell. */
function readmeDefaultRows(): DocRow[] {
  const lines = readFileSync(join(ROOT, "README.md"), "utf8").split("\n");
  const start = lines.indexOf("## Policy reference");
  const end = lines.findIndex((l, i) => i > start && l.startsWith("## "));
  const rows: DocRow[] = [];
  let prefix = "";
  for (let i = start; i < end; i++) {
    const line = lines[i] ?? "";
    if (line.startsWith("### ")) prefix = line.startsWith("### `schedules[]`") ? "schedules[]." : "";
    const cells = line.split("|").map((c) => c.trim());
    if (!line.startsWith("| `") || cells.length < 4) continue;
    const [first, ...others] = [...(cells[1] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1] ?? "");
    if (first === undefined) continue;
    const base = `${prefix}${first}`;
    const siblings = others.map((o) => `${base.slice(0, base.lastIndexOf("."))}${o}`);
    for (const path of [base, ...siblings]) rows.push({ path, text: cells[2] ?? "", line: i + 1 });
  }
  return rows;
}

/** The value a README default cell states: `—` none, `required…`, or a literal (`mean`, 1.0, false, `{}`). */
function documented(text: string): FieldDefault {
  if (text === "—") return { kind: "none" };
  if (text.startsWith("required")) return { kind: "required" };
  const literal = /^`([^`]*)`$/.exec(text)?.[1] ?? text;
  if (literal === "true" || literal === "false") return { kind: "default", value: literal === "true" };
  if (/^-?\d+(\.\d+)?$/.test(literal)) return { kind: "default", value: Number(literal) };
  if (literal.startsWith("{") || literal.startsWith("["))
    return { kind: "default", value: JSON.parse(literal) };
  return { kind: "default", value: literal };
}

describe("Ray Serve's defaults have one home: RayDefaultsSchema", () => {
  it("resolves an empty policy to exactly the schema's Ray defaults", () => {
    const policy = validatePolicy({});
    expect(policy.ray).toEqual({
      minReplicas: RAY_DEFAULTS.min_replicas,
      maxReplicas: RAY_DEFAULTS.max_replicas,
      targetOngoingRequests: RAY_DEFAULTS.target_ongoing_requests,
      upscaleDelayS: RAY_DEFAULTS.upscale_delay_s,
      downscaleDelayS: RAY_DEFAULTS.downscale_delay_s,
      downscaleToZeroDelayS: undefined,
      upscalingFactor: RAY_DEFAULTS.upscaling_factor,
      downscalingFactor: RAY_DEFAULTS.downscaling_factor,
    });
    expect(policy).toMatchObject({
      initialReplicas: RAY_DEFAULTS.min_replicas,
      lookBackPeriodS: RAY_DEFAULTS.look_back_period_s,
      aggregation: RAY_DEFAULTS.aggregation_function,
      metricsIntervalS: RAY_DEFAULTS.metrics_interval_s,
    });
  });

  it("states Ray Serve's documented values (reference: Ray's AutoscalingConfig)", () => {
    expect(RAY_DEFAULTS).toEqual({
      min_replicas: 1,
      max_replicas: 1,
      target_ongoing_requests: 2,
      upscale_delay_s: 30,
      downscale_delay_s: 600,
      upscaling_factor: 1,
      downscaling_factor: 1,
      look_back_period_s: 30,
      aggregation_function: "mean",
      metrics_interval_s: 10,
    });
  });

  it("validates each default with the same rule as the field it fills", () => {
    for (const [key, value] of Object.entries(RAY_DEFAULTS)) {
      const field = RayFieldsShape[key as keyof typeof RayFieldsShape];
      expect(field.safeParse(value).success, key).toBe(true);
    }
  });

  it.each([
    ["target_num_ongoing_requests_per_replica", 5, "targetOngoingRequests"],
    ["upscale_smoothing_factor", 0.5, "upscalingFactor"],
    ["downscale_smoothing_factor", 0.5, "downscalingFactor"],
    ["smoothing_factor", 0.5, "upscalingFactor"],
    ["smoothing_factor", 0.5, "downscalingFactor"],
  ] as const)("keeps %s visible as unset, so the alias (%s) reaches %s", (alias, value, param) => {
    expect(validatePolicy({ [alias]: value }).ray[param]).toBe(value);
  });

  it("lets a schedule window leave a Ray field unset, so the base value shows through", () => {
    const overrides = PolicySchema.shape.schedules.unwrap().element.shape.overrides;
    expect(overrides.parse({})).toEqual({});
  });

  it("keeps the defaults off the input fields (an input default would hide an alias)", () => {
    const result = parsePolicy({});
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    for (const key of Object.keys(RayDefaultsSchema.shape))
      expect(result.policy.spec).not.toHaveProperty(key);
  });
});

describe("the README's policy reference states the schema's defaults", () => {
  const { fields, leaves } = schemaFields();
  const rows = readmeDefaultRows();

  it("documents every field of the schema, and no field the schema lacks", () => {
    const documentedPaths = new Set(rows.map((r) => r.path));
    // Overrides, the SLO metric and the backlog reuse shapes documented once (the top-level Ray fields, a load metric).
    const reused = /^(schedules\[\]\.overrides|slo\.metric|load\.backlog)\./;
    const undocumented = [...leaves].filter((p) => !documentedPaths.has(p) && !reused.test(p));
    expect(undocumented).toEqual([]);
    expect(rows.filter((r) => !fields.has(r.path)).map((r) => `README.md:${r.line} ${r.path}`)).toEqual([]);
  });

  it("lists exactly the Ray fields a schedule window may override", () => {
    const row = readFileSync(join(ROOT, "README.md"), "utf8")
      .split("\n")
      .find((l) => l.startsWith("| `overrides`"));
    const listed = [...(row?.split("|")[3] ?? "").matchAll(/`([^`]+)`/g)].map((m) => m[1]);
    expect(listed).toEqual(Object.keys(RayOverridesShape));
  });

  it.each(readmeDefaultRows().map((r) => [r.path, r.text] as const))(
    "%s: the README's default (%s) is the schema's",
    (path, text) => {
      const derived = DERIVED[path];
      if (derived) {
        expect(text).toBe(derived.text);
        expect(fields.get(path)).toEqual({ kind: "none" });
        derived.holds();
        return;
      }
      expect(fields.get(path)).toEqual(documented(text));
    },
  );
});

const SOURCE_DIRS = ["shared", "cli", "sim", "functions", "infra", "demo", "bench"];

/** Fields of other inputs that share a policy field's name and value, by `file field`. */
const NOT_POLICY_FIELDS = new Set([
  "sim/traces/parseTraceFile.ts timezone", // a trace file's zone
  "sim/traces/parseRequestLog.ts timezone", // a request log's zone
]);

function sourceFiles(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => join(e.parentPath, e.name));
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const literalPattern = (value: unknown) =>
  typeof value === "number"
    ? `${escapeRegExp(String(value))}(?:\\.0+)?(?![\\w.])`
    : typeof value === "string"
      ? `["'\`]${escapeRegExp(value)}["'\`]`
      : `${String(value)}\\b`;

/**
 * Patterns of a restated default: a field read, then `??` and its schema default as a literal
 * (`spec.upscale_delay_s ?? 30`, `num(raw, "min_replicas") ?? 1`). A Ray field or alias is checked
 * against every Ray default, since an alias falls back to its canonical field's default.
 */
function restatementPatterns(): { readonly field: string; readonly pattern: RegExp }[] {
  const byName = new Map<string, Set<unknown>>();
  const add = (name: string, value: unknown) => byName.set(name, (byName.get(name) ?? new Set()).add(value));
  for (const [path, d] of schemaFields().fields) {
    if (d.kind === "default" && typeof d.value !== "object") add(path.split(".").pop() ?? path, d.value);
  }
  for (const name of Object.keys(RayFieldsShape)) for (const v of Object.values(RAY_DEFAULTS)) add(name, v);
  return [...byName].flatMap(([field, values]) =>
    [...values].map((v) => ({
      field,
      pattern: new RegExp(`\\b${escapeRegExp(field)}\\b["'\\])]*\\s*\\?\\?\\s*${literalPattern(v)}`),
    })),
  );
}

describe("no code restates a schema default as a fallback", () => {
  const patterns = restatementPatterns();

  it("recognises a restated default (the check is not vacuous)", () => {
    const flagged = (line: string) => patterns.some((p) => p.pattern.test(line));
    expect(flagged("upscaleDelayS: spec.upscale_delay_s ?? 30,")).toBe(true);
    expect(flagged('const min = num(raw, "min_replicas") ?? 1;')).toBe(true);
    expect(flagged("spec.upscale_smoothing_factor ?? spec.smoothing_factor ?? 1.0")).toBe(true);
    expect(flagged('const mode = capacity.mode ?? "auto";')).toBe(true);
    expect(flagged("policy.load?.stale_after_s ?? 120")).toBe(true);
    expect(flagged("spec.upscale_delay_s ?? RAY_DEFAULTS.upscale_delay_s")).toBe(false);
    expect(flagged("w.overrides.max_replicas ?? 0")).toBe(false);
  });

  it("finds none in the product's source", () => {
    const found = SOURCE_DIRS.flatMap(sourceFiles).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) =>
          patterns
            .filter(
              (p) => p.pattern.test(line) && !NOT_POLICY_FIELDS.has(`${relative(ROOT, file)} ${p.field}`),
            )
            .map(
              (p) => `${relative(ROOT, file)}:${i + 1} restates the default of ${p.field}: ${line.trim()}`,
            ),
        ),
    );
    expect(found).toEqual([]);
  });
});
