/** One difference between two JSON values, at a JSON path. */
export interface JsonChange {
  readonly path: string;
  readonly kind: "added" | "removed" | "changed";
  readonly before?: unknown;
  readonly after?: unknown;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * Field-by-field differences from `before` to `after`: objects and arrays are recursed (array
 * elements by index), so only the fields that changed are listed, never a whole section.
 */
export function diffJson(before: unknown, after: unknown, path = "$"): JsonChange[] {
  if (Array.isArray(before) && Array.isArray(after)) {
    return Array.from({ length: Math.max(before.length, after.length) }, (_, i) => i).flatMap((i) => {
      const p = `${path}[${i}]`;
      if (i >= before.length) return [{ path: p, kind: "added" as const, after: after[i] }];
      if (i >= after.length) return [{ path: p, kind: "removed" as const, before: before[i] }];
      return diffJson(before[i], after[i], p);
    });
  }
  if (isObject(before) && isObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((k) => {
      const p = `${path}.${k}`;
      if (!(k in before)) return [{ path: p, kind: "added" as const, after: after[k] }];
      if (!(k in after)) return [{ path: p, kind: "removed" as const, before: before[k] }];
      return diffJson(before[k], after[k], p);
    });
  }
  return JSON.stringify(before) === JSON.stringify(after) ? [] : [{ path, kind: "changed", before, after }];
}

/** Renders changes one per line: `+ path: value`, `- path: value`, `~ path: old -> new`. */
export function formatChanges(changes: readonly JsonChange[]): string {
  if (changes.length === 0) return "no differences";
  return changes
    .map((c) =>
      c.kind === "added"
        ? `+ ${c.path}: ${JSON.stringify(c.after)}`
        : c.kind === "removed"
          ? `- ${c.path}: ${JSON.stringify(c.before)}`
          : `~ ${c.path}: ${JSON.stringify(c.before)} -> ${JSON.stringify(c.after)}`,
    )
    .join("\n");
}
