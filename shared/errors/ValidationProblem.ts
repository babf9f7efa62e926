/** One thing wrong with an input, located by its JSON path (e.g. `$.schedules[0].timezone`). */
export interface ValidationProblem {
  readonly path: string;
  readonly message: string;
}

/** Renders a zod-style path (`["schedules", 0, "timezone"]`) as a JSON path (`$.schedules[0].timezone`). */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = "$";
  for (const key of path) {
    if (typeof key === "number") out += `[${key}]`;
    else if (typeof key === "string" && /^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) out += `.${key}`;
    else out += `[${JSON.stringify(String(key))}]`;
  }
  return out;
}
