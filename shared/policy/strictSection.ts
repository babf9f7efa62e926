import { z } from "zod";
import { closestName } from "./closestName";

/**
 * A zod object that rejects unknown fields, one message line per unknown key (in `keys` order)
 * naming the closest known field, so an operator's typo never silently disables a setting.
 */
export function strictSection<Shape extends z.ZodRawShape>(shape: Shape) {
  const known = Object.keys(shape);
  return z.strictObject(shape, {
    error: (issue) => {
      if (issue.code !== "unrecognized_keys") return undefined;
      return issue.keys
        .map((key) => {
          const suggestion = closestName(key, known);
          return suggestion === undefined
            ? `unknown field "${key}" (known fields: ${known.join(", ")})`
            : `unknown field "${key}"; did you mean "${suggestion}"?`;
        })
        .join("\n");
    },
  });
}
