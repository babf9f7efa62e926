import { distance } from "fastest-levenshtein";

/**
 * The known name closest to `unknown` by edit distance (case-insensitive), or undefined when
 * nothing is close enough to be a plausible typo (more than a third of the name differs).
 */
export function closestName(unknown: string, known: readonly string[]): string | undefined {
  const wanted = unknown.toLowerCase();
  let best: string | undefined;
  let bestDistance = Number.POSITIVE_INFINITY;
  for (const name of known) {
    const d = distance(wanted, name.toLowerCase());
    if (d < bestDistance) {
      best = name;
      bestDistance = d;
    }
  }
  const tolerance = Math.max(2, Math.ceil(wanted.length / 3));
  return bestDistance <= tolerance ? best : undefined;
}
