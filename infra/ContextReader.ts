import type { Node } from "constructs";

/**
 * Reads typed values from CDK context, which holds JSON values when they come from `cdk.json` and strings
 * when they come from `-c key=value`. Collects every problem and reports them together (`throwIfInvalid`).
 */
export class ContextReader {
  private readonly problems: string[] = [];

  constructor(private readonly node: Node) {}

  /** A non-empty string, or undefined when the key is unset or empty. */
  string(key: string): string | undefined {
    const value = this.node.tryGetContext(key);
    if (value === undefined || value === null || value === "") return undefined;
    if (typeof value !== "string") {
      this.problems.push(`${key}: expected a string, got ${JSON.stringify(value)}`);
      return undefined;
    }
    return value;
  }

  /** A list: a JSON array of strings, or a comma-separated string ("" is the empty list). */
  list(key: string): string[] | undefined {
    const value = this.node.tryGetContext(key);
    if (value === undefined || value === null) return undefined;
    if (Array.isArray(value) && value.every((v) => typeof v === "string"))
      return value.filter((v) => v !== "");
    if (typeof value === "string") {
      const text = value.trim();
      if (text.startsWith("[")) {
        try {
          const parsed: unknown = JSON.parse(text);
          if (Array.isArray(parsed) && parsed.every((v) => typeof v === "string")) return parsed;
        } catch {
          // reported below
        }
        this.problems.push(`${key}: expected a JSON array of strings, got ${text}`);
        return undefined;
      }
      return text
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
    }
    this.problems.push(`${key}: expected a list of strings, got ${JSON.stringify(value)}`);
    return undefined;
  }

  /** A number (integer if `integer`), within [min, max]. */
  number(key: string, options: { min: number; max: number; integer?: boolean }): number | undefined {
    const value = this.node.tryGetContext(key);
    if (value === undefined || value === null || value === "") return undefined;
    const n = typeof value === "number" ? value : typeof value === "string" ? Number(value) : Number.NaN;
    if (
      !Number.isFinite(n) ||
      n < options.min ||
      n > options.max ||
      (options.integer && !Number.isInteger(n))
    ) {
      const kind = options.integer ? "an integer" : "a number";
      this.problems.push(
        `${key}: expected ${kind} in ${options.min}..${options.max}, got ${JSON.stringify(value)}`,
      );
      return undefined;
    }
    return n;
  }

  /** One of `choices`, or undefined when the key is unset or empty. */
  oneOf<T extends string>(key: string, choices: readonly T[]): T | undefined {
    const value = this.string(key);
    if (value === undefined) return undefined;
    if ((choices as readonly string[]).includes(value)) return value as T;
    this.problems.push(`${key}: expected one of ${choices.join(", ")}, got ${JSON.stringify(value)}`);
    return undefined;
  }

  /** true/false, also as the strings "true"/"false". */
  boolean(key: string): boolean | undefined {
    const value = this.node.tryGetContext(key);
    if (value === undefined || value === null || value === "") return undefined;
    if (value === true || value === "true") return true;
    if (value === false || value === "false") return false;
    this.problems.push(`${key}: expected true or false, got ${JSON.stringify(value)}`);
    return undefined;
  }

  /** Throws one error naming every invalid key read so far. */
  throwIfInvalid(subject: string): void {
    if (this.problems.length > 0) {
      throw new Error(`${subject}: invalid context (cdk.json or -c):\n  ${this.problems.join("\n  ")}`);
    }
  }
}
