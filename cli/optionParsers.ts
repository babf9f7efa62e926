import { InvalidArgumentError } from "commander";
import { DriftlessError } from "../shared/errors/DriftlessError";

/**
 * A commander option parser for a whole number within [min, max]: `-n abc` or `-n 1.5` is refused
 * as a usage error (exit 2) instead of becoming NaN and a misleading answer.
 */
export function integerOption(min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isInteger(n) || n < min || n > max) {
      throw new InvalidArgumentError(`expected a whole number from ${min} to ${max}, got "${value}"`);
    }
    return n;
  };
}

/** A commander option parser for a number of seconds greater than 0 (fractions allowed). */
export function secondsOption(max: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === "" || !Number.isFinite(n) || n <= 0 || n > max) {
      throw new InvalidArgumentError(`expected seconds above 0 and at most ${max}, got "${value}"`);
    }
    return n;
  };
}

const UNIT_S: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };

/**
 * Parses `--since`: a duration back from `now` (`90s`, `15m`, `2h`, `1d`) or an ISO-8601 instant.
 * Returns epoch seconds; throws a DriftlessError (a refusal, exit 2) for anything else.
 */
export function parseSince(value: string, now: number): number {
  const duration = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  if (duration) return now - Number(duration[1]) * (UNIT_S[duration[2] ?? "s"] ?? 1);
  const at = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && Number.isFinite(at)) return at / 1000;
  throw new DriftlessError(
    `--since: expected a duration such as 15m, 2h or 1d, or an ISO-8601 time such as 2026-12-01T09:30:00Z, got "${value}"`,
  );
}
