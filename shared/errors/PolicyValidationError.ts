import { DriftlessError } from "./DriftlessError";
import type { ValidationProblem } from "./ValidationProblem";

/** A policy was refused; `problems` lists every bad field with its path, not only the first. */
export class PolicyValidationError extends DriftlessError {
  readonly problems: readonly ValidationProblem[];

  constructor(problems: readonly ValidationProblem[], options?: { cause?: unknown; subject?: string }) {
    const subject = options?.subject ?? "policy";
    const lines = problems.map((p) => `  ${p.path}: ${p.message}`);
    super(
      `${subject} is invalid (${problems.length} problem${problems.length === 1 ? "" : "s"}); fix these and retry:\n${lines.join("\n")}`,
      options,
    );
    this.name = "PolicyValidationError";
    this.problems = problems;
  }
}
