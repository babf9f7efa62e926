import { formatPath, type ValidationProblem } from "../shared/errors/ValidationProblem";

/** How a skeleton marks a value the operator must write: a string starting with this. */
export const FILL_IN = "FILL IN:";

/**
 * Every value of a policy file still marked `FILL IN: ...` (as `policy import-ray` writes them),
 * with its path and what to write there: a skeleton is not a policy until they are filled in.
 */
export function fillInProblems(value: unknown, path: readonly (string | number)[] = []): ValidationProblem[] {
  if (typeof value === "string" && value.startsWith(FILL_IN)) {
    return [{ path: formatPath(path), message: `still to fill in: ${value.slice(FILL_IN.length).trim()}` }];
  }
  if (Array.isArray(value)) return value.flatMap((v, i) => fillInProblems(v, [...path, i]));
  if (typeof value === "object" && value !== null) {
    return Object.entries(value).flatMap(([k, v]) => fillInProblems(v, [...path, k]));
  }
  return [];
}
