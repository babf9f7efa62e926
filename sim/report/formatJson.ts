const WIDTH = 110;

/**
 * JSON as the repository's formatter (Biome) writes it, so a generated file passes `biome check`:
 * two-space indentation, objects one property per line, arrays of primitives on one line when they
 * fit in 110 columns. Non-finite numbers become null, as in JSON.stringify.
 */
export function formatJson(value: unknown): string {
  return `${render(value, 0, 0)}\n`;
}

function render(value: unknown, indent: number, used: number): string {
  if (value === null || value === undefined) return "null";
  if (typeof value === "number") return Number.isFinite(value) ? JSON.stringify(value) : "null";
  if (typeof value !== "object") return JSON.stringify(value) ?? "null";
  const pad = " ".repeat(indent + 2);
  const close = " ".repeat(indent);
  if (Array.isArray(value)) {
    if (value.length === 0) return "[]";
    const primitive = value.every((v) => v === null || typeof v !== "object");
    if (primitive) {
      const inline = `[${value.map((v) => render(v, 0, 0)).join(", ")}]`;
      if (used + inline.length + 1 <= WIDTH) return inline;
      // Numbers that do not fit are packed into as few lines as fit (the formatter's "fill").
      if (value.every((v) => typeof v === "number" || v === null)) {
        const lines: string[] = [];
        let line = "";
        for (const [i, v] of value.entries()) {
          const item = render(v, 0, 0) + (i < value.length - 1 ? "," : "");
          if (line !== "" && pad.length + line.length + 1 + item.length > WIDTH) {
            lines.push(line);
            line = item;
          } else {
            line = line === "" ? item : `${line} ${item}`;
          }
        }
        lines.push(line);
        return `[\n${lines.map((l) => pad + l).join("\n")}\n${close}]`;
      }
    }
    return `[\n${value.map((v) => pad + render(v, indent + 2, pad.length)).join(",\n")}\n${close}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return "{}";
  return `{\n${entries
    .map(([k, v]) => {
      const key = `${pad}${JSON.stringify(k)}: `;
      return key + render(v, indent + 2, key.length);
    })
    .join(",\n")}\n${close}}`;
}
