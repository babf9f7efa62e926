import { readFileSync } from "node:fs";
import { DriftlessError } from "../shared/errors/DriftlessError";

/** Reads and parses a JSON file (`-` is stdin); throws a DriftlessError saying which file and why. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new DriftlessError(`cannot read ${file}: ${(error as Error).message}`, { cause: error });
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DriftlessError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
}
