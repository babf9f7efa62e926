import type { RuntimeConfig } from "../shared/config/RuntimeConfig";
import type { EngineDeps } from "../shared/engine/EngineDeps";

/** What operator commands work with: the engine's ports on the configured endpoint, and output. */
export interface CliContext extends EngineDeps {
  readonly config: RuntimeConfig;
  /** Writes one block of output to stdout. */
  out(text: string): void;
}
