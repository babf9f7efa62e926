import { DriftlessError } from "./DriftlessError";

/** Configuration is missing or invalid at start; names every variable to set. */
export class ConfigError extends DriftlessError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "ConfigError";
  }
}
