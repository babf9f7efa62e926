import { createInterface } from "node:readline/promises";
import { DriftlessError } from "../shared/errors/DriftlessError";

/**
 * Asks `question` on the terminal and resolves true only for y/yes. Without a terminal (a script,
 * CI, piped input) there is nobody to ask: it throws a DriftlessError saying to pass `--yes`.
 */
export async function confirm(question: string, refusal: string): Promise<boolean> {
  if (!process.stdin.isTTY || !process.stdout.isTTY) {
    throw new DriftlessError(`${refusal}: there is no terminal to confirm on; pass --yes to go ahead`);
  }
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^(y|yes)$/i.test((await rl.question(`${question} [y/N] `)).trim());
  } finally {
    rl.close();
  }
}
