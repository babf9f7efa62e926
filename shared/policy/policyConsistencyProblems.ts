import type { ValidationProblem } from "../errors/ValidationProblem";
import { CapacitySchema, RAY_DEFAULTS } from "./PolicySchema";

type Bag = Record<string, unknown>;

const isBag = (v: unknown): v is Bag => typeof v === "object" && v !== null && !Array.isArray(v);
const num = (bag: Bag | undefined, key: string): number | undefined => {
  const v = bag?.[key];
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
};
const section = (bag: Bag | undefined, key: string): Bag | undefined => {
  const v = bag?.[key];
  return isBag(v) ? v : undefined;
};

/** The capacity section's own defaults, standing in for fields the raw item leaves unset. */
const CAPACITY_DEFAULTS = CapacitySchema.parse({});

/**
 * Cross-field rules the schema cannot express field by field (min <= initial <= max, consistent
 * GPU numbers, settings that would be silently ignored, ...). Reads the raw item defensively, so
 * it reports its problems even when other fields fail the schema. `known` are the problems already
 * found (the schema's): a rule involving a field that failed, or a field left to its default beside
 * an unknown field (likely its typo), is skipped, so one mistake is reported once, not also as a
 * made-up conflict with a default.
 */
export function policyConsistencyProblems(
  raw: unknown,
  known: readonly ValidationProblem[] = [],
): ValidationProblem[] {
  if (!isBag(raw)) return [];
  const problems: ValidationProblem[] = [];
  const doubtful = doubtfulField(raw, known);
  const add = (path: string, message: string, involves: readonly string[] = [path]) => {
    if (!involves.some(doubtful)) problems.push({ path, message });
  };

  const min = num(raw, "min_replicas") ?? RAY_DEFAULTS.min_replicas;
  const max = num(raw, "max_replicas") ?? RAY_DEFAULTS.max_replicas;
  const bounds = ["$.min_replicas", "$.max_replicas"];
  if (min > max) add("$.min_replicas", `min_replicas (${min}) must be <= max_replicas (${max})`, bounds);
  const initial = num(raw, "initial_replicas");
  if (initial !== undefined && (initial < min || initial > max)) {
    add(
      "$.initial_replicas",
      `initial_replicas (${initial}) must be within [min_replicas, max_replicas] = [${min}, ${max}]`,
      ["$.initial_replicas", ...bounds],
    );
  }

  const gpusPerTask =
    num(section(section(raw, "target"), "capacity"), "gpus_per_task") ?? CAPACITY_DEFAULTS.gpus_per_task;
  capacityRules(raw, add, gpusPerTask);
  const minimums = windowMinimums({ raw, add, min, max, bounds });
  limitsRules({ raw, add, minimums, gpusPerTask });
  fallbackAndGroupRules({ raw, add, max });
  return problems;
}

type Add = (path: string, message: string, involves?: readonly string[]) => void;
type Minimum = { min: number; where: string };

/** GPU numbers that cannot fit, and capacity settings the mode would ignore. */
function capacityRules(raw: Bag, add: Add, gpusPerTask: number): void {
  const target = section(raw, "target");
  const capacity = section(target, "capacity");
  if (capacity) {
    const perInstance = num(capacity, "gpus_per_instance") ?? CAPACITY_DEFAULTS.gpus_per_instance;
    if (perInstance < gpusPerTask) {
      add(
        "$.target.capacity.gpus_per_instance",
        `gpus_per_instance (${perInstance}) must be >= gpus_per_task (${gpusPerTask}): a task cannot span instances`,
        ["$.target.capacity.gpus_per_instance", "$.target.capacity.gpus_per_task"],
      );
    }
    const mode = capacity.mode ?? CAPACITY_DEFAULTS.mode;
    if (mode === "direct" && capacity.auto_scaling_group === undefined) {
      add("$.target.capacity.auto_scaling_group", 'mode "direct" needs the Auto Scaling group to set', [
        "$.target.capacity.auto_scaling_group",
        "$.target.capacity.mode",
      ]);
    }
    // Spare instances are driftless's to keep only where it may set the group (auto may: with a group).
    const setsGroup = mode === "direct" || (mode === "auto" && capacity.auto_scaling_group !== undefined);
    if (!setsGroup && (num(capacity, "spare_instances") ?? CAPACITY_DEFAULTS.spare_instances) > 0) {
      add(
        "$.target.capacity.spare_instances",
        'spare_instances applies only where driftless sets the group: mode "direct", or "auto" with an auto_scaling_group (the capacity provider manages spare capacity in mode "managed")',
        ["$.target.capacity.spare_instances", "$.target.capacity.mode"],
      );
    }
  }
}

/** Each schedule window's own problems; returns every minimum the policy can be in force with. */
function windowMinimums(args: {
  readonly raw: Bag;
  readonly add: Add;
  readonly min: number;
  readonly max: number;
  readonly bounds: readonly string[];
}): Minimum[] {
  const { raw, add, min, max, bounds } = args;
  // Every minimum the policy can be in force with: the base one and each window's.
  const minimums: Minimum[] = [{ min, where: "min_replicas" }];
  const schedules = raw.schedules;
  if (Array.isArray(schedules)) {
    schedules.forEach((w: unknown, i) => {
      if (!isBag(w)) return;
      const at = `$.schedules[${i}]`;
      const hasEnd = w.end !== undefined;
      const hasDuration = w.duration_s !== undefined;
      if (hasEnd === hasDuration) {
        add(at, "a window needs exactly one of end or duration_s", [`${at}.end`, `${at}.duration_s`]);
      }
      if (w.lead_time_s !== undefined && w.ready_at_start !== true) {
        add(`${at}.lead_time_s`, "lead_time_s applies only with ready_at_start: true");
      }
      const overrides = section(w, "overrides");
      const wMin = num(overrides, "min_replicas") ?? min;
      const wMax = num(overrides, "max_replicas") ?? max;
      if (wMin > wMax) {
        add(`${at}.overrides`, `in this window min_replicas (${wMin}) would exceed max_replicas (${wMax})`, [
          `${at}.overrides.min_replicas`,
          `${at}.overrides.max_replicas`,
          ...bounds,
        ]);
      }
      minimums.push({ min: wMin, where: `schedules[${i}] min_replicas` });
    });
  }

  return minimums;
}

/** GPU and cost limits that no minimum in force could respect. */
function limitsRules(args: {
  readonly raw: Bag;
  readonly add: Add;
  readonly minimums: readonly Minimum[];
  readonly gpusPerTask: number;
}): void {
  const { raw, add, minimums, gpusPerTask } = args;
  const limits = section(raw, "limits");
  const maxGpus = num(limits, "max_gpus");
  if (maxGpus !== undefined) {
    for (const m of minimums) {
      if (m.min * gpusPerTask > maxGpus) {
        add(
          "$.limits.max_gpus",
          `max_gpus (${maxGpus}) is below ${m.where} (${m.min}) x gpus_per_task (${gpusPerTask})`,
        );
      }
    }
  }
  const maxCost = num(limits, "max_cost_per_hour");
  const gpuHourCost = num(limits, "gpu_hour_cost");
  if (limits?.max_cost_per_hour !== undefined && limits.gpu_hour_cost === undefined) {
    add("$.limits.gpu_hour_cost", "max_cost_per_hour needs gpu_hour_cost (the price of one GPU-hour)");
  }
  if (maxCost !== undefined && gpuHourCost !== undefined) {
    for (const m of minimums) {
      if (m.min * gpusPerTask * gpuHourCost > maxCost) {
        add(
          "$.limits.max_cost_per_hour",
          `max_cost_per_hour (${maxCost}) is below the cost of ${m.where} (${m.min})`,
        );
      }
    }
  }
}

/** Fallback replicas that are missing, ignored or out of bounds, and a stage-0 upstream ratio. */
function fallbackAndGroupRules(args: { readonly raw: Bag; readonly add: Add; readonly max: number }): void {
  const { raw, add, max } = args;
  const fallback = section(raw, "fallback");
  if (fallback) {
    const replicas = num(fallback, "replicas");
    if (fallback.action === "fixed" && fallback.replicas === undefined) {
      add("$.fallback.replicas", 'action "fixed" needs replicas');
    }
    if (fallback.action !== "fixed" && fallback.replicas !== undefined) {
      add("$.fallback.replicas", 'replicas applies only to action "fixed"; it would be ignored');
    }
    if (replicas !== undefined && replicas > max) {
      add("$.fallback.replicas", `replicas (${replicas}) must be <= max_replicas (${max})`, [
        "$.fallback.replicas",
        "$.max_replicas",
      ]);
    }
  }

  const group = section(raw, "group");
  if (group && num(group, "stage") === 0 && group.upstream_ratio !== undefined) {
    add("$.group.upstream_ratio", "stage 0 has no upstream; upstream_ratio would be ignored");
  }
}

const SEGMENT = /\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]/g;

/**
 * Whether a field (a JSON path) cannot be trusted for a cross-field rule: a known problem sits at
 * it or above it, or it is absent (so a default stands in) while an unknown field beside it is
 * probably its typo (the closest known name is this field, or no known name is close).
 */
function doubtfulField(raw: Bag, known: readonly ValidationProblem[]): (path: string) => boolean {
  const typoOf = new Set<string>();
  const unplacedAt = new Set<string>();
  for (const p of known) {
    if (!p.message.startsWith("unknown field")) continue;
    const suggestion = /did you mean "([^"]+)"/.exec(p.message)?.[1];
    if (suggestion === undefined) unplacedAt.add(parentOf(p.path));
    else typoOf.add(`${parentOf(p.path)}.${suggestion}`);
  }
  const failed = known.map((p) => p.path);
  return (path) => {
    if (failed.some((f) => path === f || path.startsWith(`${f}.`) || path.startsWith(`${f}[`))) return true;
    if (valueAt(raw, path) !== undefined) return false;
    return typoOf.has(path) || unplacedAt.has(parentOf(path));
  };
}

const parentOf = (path: string) => path.replace(/(\.[^.[\]]+|\[\d+\])$/, "");

function valueAt(raw: unknown, path: string): unknown {
  let v: unknown = raw;
  for (const m of path.matchAll(SEGMENT)) {
    if (typeof v !== "object" || v === null) return undefined;
    v = (v as Bag)[m[1] ?? m[2] ?? ""];
  }
  return v;
}
