import type { ValidationProblem } from "../errors/ValidationProblem";
import { PolicySchema, RAY_DEFAULTS, RayFieldsShape } from "./PolicySchema";

type Bag = Record<string, unknown>;
const isBag = (v: unknown): v is Bag => typeof v === "object" && v !== null && !Array.isArray(v);

/** The key under which Ray Serve writes a deployment's autoscaling fields. */
export const RAY_CONFIG_KEY = "autoscaling_config";

/** A policy as written, read into driftless's flat form. */
export interface UnnestedPolicy {
  /** The policy with Ray's nested fields moved to the top level (the input itself when none were nested). */
  readonly flat: unknown;
  /** Problems of the nesting itself (a field written twice, a driftless section inside Ray's object). */
  readonly problems: readonly ValidationProblem[];
  /** Fields accepted but worth knowing about (Ray no longer reads them), at their written paths. */
  readonly warnings: readonly ValidationProblem[];
  /** Moves a problem found in `flat` to the path the operator wrote (`$.max_replica` -> `$.autoscaling_config.max_replica`). */
  located(problem: ValidationProblem): ValidationProblem;
}

// driftless's own sections stay at the top level; everything else inside Ray's object is a Ray field (or a typo of one).
const rayFields = new Set(Object.keys(RayFieldsShape));
const DRIFTLESS_SECTIONS = new Set(Object.keys(PolicySchema.shape).filter((k) => !rayFields.has(k)));

/**
 * Accepts Ray Serve's `autoscaling_config` object as written (`{"autoscaling_config": {...},
 * "target": ..., "load": ...}`) by moving its fields to the top level, where driftless reads them.
 * Pure. A field set both inside and beside it, or a driftless section inside it, is a problem; Ray's
 * `null` for an unset object means none. Also warns about `target_num_ongoing_requests_per_replica`,
 * which current Ray Serve ignores (driftless still reads it as `target_ongoing_requests`).
 */
export function unnestRayConfig(raw: unknown): UnnestedPolicy {
  if (!isBag(raw) || !(RAY_CONFIG_KEY in raw)) {
    return { flat: raw, problems: [], warnings: deprecationWarnings(raw, "$"), located: (p) => p };
  }
  const { [RAY_CONFIG_KEY]: nested, ...rest } = raw;
  const at = `$.${RAY_CONFIG_KEY}`;
  if (nested === null) return unnestRayConfig(rest);
  if (!isBag(nested)) {
    return {
      flat: rest,
      problems: [{ path: at, message: "autoscaling_config is Ray Serve's object of autoscaling fields" }],
      warnings: deprecationWarnings(rest, "$"),
      located: (p) => p,
    };
  }
  const problems: ValidationProblem[] = [];
  const moved = new Set<string>();
  const flat: Bag = { ...rest };
  for (const [key, value] of Object.entries(nested)) {
    if (DRIFTLESS_SECTIONS.has(key)) {
      problems.push({
        path: `${at}.${key}`,
        message: `${key} is a driftless section: put it beside autoscaling_config, not inside`,
      });
    } else if (key in rest) {
      problems.push({
        path: `${at}.${key}`,
        message: `${key} is also set at the top level ($.${key}); keep one of them`,
      });
    } else {
      flat[key] = value;
      moved.add(key);
    }
  }
  return {
    flat,
    problems,
    warnings: [...deprecationWarnings(rest, "$"), ...deprecationWarnings(nested, at)],
    located: (p) => relocate(p, moved, at),
  };
}

function relocate(problem: ValidationProblem, moved: ReadonlySet<string>, at: string): ValidationProblem {
  const head = /^\$\.([A-Za-z_][A-Za-z0-9_]*)/.exec(problem.path)?.[1];
  return head !== undefined && moved.has(head) ? { ...problem, path: at + problem.path.slice(1) } : problem;
}

function deprecationWarnings(bag: unknown, at: string): ValidationProblem[] {
  if (!isBag(bag) || typeof bag.target_num_ongoing_requests_per_replica !== "number") return [];
  return [
    {
      path: `${at}.target_num_ongoing_requests_per_replica`,
      message: `current Ray Serve ignores this removed field (it would run with the default target of ${RAY_DEFAULTS.target_ongoing_requests}); driftless still reads it as target_ongoing_requests: rename it to target_ongoing_requests`,
    },
  ];
}
