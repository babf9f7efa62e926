import type { Datapoint, Series } from "./Datapoint";

/** Why `cleanSeries` left a datapoint out. */
export type DropReason = "non-finite-time" | "non-finite-value" | "negative-value" | "duplicate-time";

/** A datapoint `cleanSeries` left out: its position in the input and why. */
export interface DroppedDatapoint {
  readonly index: number;
  readonly reason: DropReason;
}

/** The result of `cleanSeries`. */
export interface CleanedSeries {
  /** The input array itself when it was clean already (no copy): never change it. */
  readonly series: Series;
  readonly dropped: readonly DroppedDatapoint[];
}

/**
 * Returns the series sorted by time with non-finite times or values, negative values and all but one
 * point per timestamp removed (the one kept has the largest value), plus every dropped input index
 * (ascending) with its reason. Never throws.
 */
export function cleanSeries(series: Series): CleanedSeries {
  // The usual case (CloudWatch answers in time order, one point per period) needs no sort, and no copy
  // unless a -0 is to be normalised: the engine cleans every target's series in every round.
  const clean = cleanness(series);
  if (clean === CLEAN) return { series, dropped: NOTHING_DROPPED };
  if (clean === CLEAN_BUT_NEGATIVE_ZERO) return { series: series.map(normalized), dropped: NOTHING_DROPPED };
  const dropped: DroppedDatapoint[] = [];
  const kept: { index: number; t: number; v: number }[] = [];
  series.forEach((point, index) => {
    const reason = invalidReason(point);
    if (reason === null) {
      // Normalising -0 keeps equality checks and sums downstream free of signed zeros.
      kept.push({ index, ...normalized(point) });
    } else {
      dropped.push({ index, reason });
    }
  });

  // Sort by time, largest value first within a timestamp, so the first of each run is the one kept;
  // ties fall back to input order so the result is deterministic.
  kept.sort((a, b) => a.t - b.t || b.v - a.v || a.index - b.index);

  const cleaned: Datapoint[] = [];
  for (const point of kept) {
    const last = cleaned.at(-1);
    if (last !== undefined && last.t === point.t) {
      // Keeping the largest value is conservative: a duplicate never hides load.
      dropped.push({ index: point.index, reason: "duplicate-time" });
    } else {
      cleaned.push({ t: point.t, v: point.v });
    }
  }

  dropped.sort((a, b) => a.index - b.index);
  return { series: cleaned, dropped };
}

/** Shared by every clean answer (never changed): no array per series per round. */
const NOTHING_DROPPED: readonly DroppedDatapoint[] = Object.freeze([]);

const CLEAN = 0;
const CLEAN_BUT_NEGATIVE_ZERO = 1;
const UNCLEAN = 2;

/**
 * CLEAN when every point is valid and the times strictly increase (cleaning would only copy the points),
 * CLEAN_BUT_NEGATIVE_ZERO when besides a -0 is to be normalised, else UNCLEAN: one pass over the series.
 */
function cleanness(series: Series): typeof CLEAN | typeof CLEAN_BUT_NEGATIVE_ZERO | typeof UNCLEAN {
  let negativeZero = false;
  for (let k = 0; k < series.length; k++) {
    const point = series[k]!;
    if (invalidReason(point) !== null || (k > 0 && !(series[k - 1]!.t < point.t))) return UNCLEAN;
    if (!negativeZero && hasNegativeZero(point)) negativeZero = true;
  }
  return negativeZero ? CLEAN_BUT_NEGATIVE_ZERO : CLEAN;
}

function hasNegativeZero(point: Datapoint): boolean {
  return Object.is(point.t, -0) || Object.is(point.v, -0);
}

/** A copy of a valid point with -0 normalised to 0. */
function normalized(point: Datapoint): Datapoint {
  return { t: point.t === 0 ? 0 : point.t, v: point.v === 0 ? 0 : point.v };
}

function invalidReason(point: Datapoint): DropReason | null {
  if (!Number.isFinite(point.t)) return "non-finite-time";
  if (!Number.isFinite(point.v)) return "non-finite-value";
  // Ongoing requests and latencies cannot be negative; such a value is a reporting fault.
  if (point.v < 0) return "negative-value";
  return null;
}
