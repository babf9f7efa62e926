import type { z } from "zod";
import { formatPath, type ValidationProblem } from "./ValidationProblem";

/**
 * Turns a zod error into problems with JSON paths (under `prefix`), one per unknown key:
 * strictSection writes one message line per unrecognized key, in key order.
 */
export function zodProblems(error: z.ZodError, prefix: readonly PropertyKey[] = []): ValidationProblem[] {
  const out: ValidationProblem[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      const lines = issue.message.split("\n");
      issue.keys.forEach((key, i) => {
        out.push({
          path: formatPath([...prefix, ...issue.path, key]),
          message: lines[i] ?? `unknown field "${key}"`,
        });
      });
    } else if (issue.code === "invalid_union" && issue.errors.length > 0) {
      const inner = issue.errors.flat().map((e) => e.message);
      out.push({ path: formatPath([...prefix, ...issue.path]), message: inner.join("; or ") });
    } else {
      out.push({ path: formatPath([...prefix, ...issue.path]), message: issue.message });
    }
  }
  return out;
}
