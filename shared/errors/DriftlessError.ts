/** Base of every error driftless raises on purpose; subclasses set `name` and say what to do. */
export class DriftlessError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "DriftlessError";
  }
}
