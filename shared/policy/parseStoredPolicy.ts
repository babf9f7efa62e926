import type { ValidationProblem } from "../errors/ValidationProblem";
import { type ParseResult, parsePolicy } from "./parsePolicy";

/** The sections a stored policy needs to run, and what each one gives. */
const RUN_SECTIONS = [
  ["target", "the ECS cluster and service to scale"],
  ["load", "the metrics to scale on"],
] as const;

/**
 * Validates a policy item meant to be stored and run (`policy put`/`validate`, policy-sync, the
 * engine): parsePolicy's problems plus one for each missing `target` or `load` section, all of them
 * in one answer. A Ray-only body (no target, no load) is valid for `decide` and `simulate` only.
 */
export function parseStoredPolicy(written: unknown): ParseResult {
  const result = parsePolicy(written);
  const missing = missingRunSections(written);
  if (missing.length === 0) return result;
  const problems = [...missing, ...(result.ok ? [] : result.problems)];
  return { ok: false, problems, ...(result.warnings ? { warnings: result.warnings } : {}) };
}

function missingRunSections(written: unknown): ValidationProblem[] {
  if (typeof written !== "object" || written === null || Array.isArray(written)) return [];
  const item = written as Record<string, unknown>;
  return RUN_SECTIONS.filter(([key]) => item[key] === undefined).map(([key, gives]) => ({
    path: `$.${key}`,
    message: `missing: a stored policy needs ${key} (${gives}) to run; a Ray-only body is for decide and simulate`,
  }));
}
