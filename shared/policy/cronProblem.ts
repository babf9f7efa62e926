import { Cron } from "croner";

const NEVER_FIRES_REFERENCE_MS = Date.UTC(2026, 0, 1);

/**
 * Why `expression` is not a usable 5-field cron (minute hour day-of-month month day-of-week),
 * or undefined when it is. Seconds fields are refused: windows are minute-grained.
 */
export function cronProblem(expression: string): string | undefined {
  if (checked.has(expression)) return checked.get(expression);
  const problem = findCronProblem(expression);
  if (checked.size < 1000) checked.set(expression, problem);
  return problem;
}

// Parsing a cron costs far more than a decision, and every round validates each policy.
const checked = new Map<string, string | undefined>();

function findCronProblem(expression: string): string | undefined {
  const fields = expression.trim().split(/\s+/);
  if (fields.length !== 5) {
    return `cron "${expression}" must have 5 fields (minute hour day-of-month month day-of-week), it has ${fields.length}`;
  }
  try {
    const cron = new Cron(expression, { paused: true });
    // A fixed reference keeps validation pure; a pattern like "0 0 30 2 *" would never open its window.
    if (cron.nextRun(new Date(NEVER_FIRES_REFERENCE_MS)) === null) {
      return `cron "${expression}" never fires (no occurrence in the next five years)`;
    }
    return undefined;
  } catch (error) {
    return `cron "${expression}" is invalid: ${(error as Error).message}`;
  }
}
