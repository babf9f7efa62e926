import type { Series } from "../metrics/Datapoint";
import { historyColumns } from "./historyColumns";
import type { LocalTime } from "./localTime";
import { quantileInPlace } from "./quantile";

/** One past local day's load at one time of day. */
interface DaySample {
  readonly day: number;
  readonly weekday: number;
  value: number;
}

/** How a slot's datapoints make its one value: their peak, or their mean. */
export type SlotStatistic = "peak" | "mean";

/**
 * Past load by local time of day: slot of the day -> one sample per local day (oldest first) of the slot's
 * peak (or mean). Built from datapoints strictly before `now` only, so nothing built from it can look ahead.
 */
export interface SeasonalIndex {
  readonly stepS: number;
  readonly bySlotOfDay: ReadonlyMap<number, readonly DaySample[]>;
  /** The slot's load (peak or mean) of the slot starting at `startS` (epoch seconds), or undefined without data. */
  readonly peakAt: (startS: number) => number | undefined;
  /** Oldest datapoint used, or null when none was. */
  readonly oldestS: number | null;
}

/** Same-weekday samples needed before they are used alone (with fewer, one odd day could swing a median). */
const MIN_SAME_WEEKDAY = 3;
/** Samples of the same kind of day (weekday or weekend) needed before weekends are told apart. */
const MIN_SAME_KIND = 2;

/**
 * Indexes `history` by local slot of the day. Datapoints at or after `now`, and non-finite values, are
 * dropped; a negative load counts as 0. Each slot keeps the peak of its datapoints (60 s data gives five
 * per 5-minute slot), so a burst inside a slot is not averaged away, or with `statistic` "mean" their
 * mean (what a reactive policy sizes for: a slot's noisiest minute then buys no replica all day). Slots are held in one dense array
 * (history is dense in time), which keeps an hourly forecast of weeks of minutes to a few milliseconds.
 */
export function buildSeasonalIndex(args: {
  readonly history: Series;
  readonly now: number;
  readonly stepS: number;
  readonly localTime: (atS: number) => LocalTime;
  readonly statistic?: SlotStatistic;
}): SeasonalIndex {
  const { history, now, stepS, localTime } = args;
  const mean = args.statistic === "mean";
  // Two passes over plain numbers (see historyColumns), in the history's order.
  const { t: times, v: values } = historyColumns(history);
  const n = times.length;
  let oldestS: number | null = null;
  for (let j = 0; j < n; j++) {
    const t = times[j]!;
    if (t < now && Number.isFinite(t) && Number.isFinite(values[j]!) && (oldestS === null || t < oldestS))
      oldestS = t;
  }
  if (oldestS === null) return { stepS, bySlotOfDay: new Map(), peakAt: () => undefined, oldestS };
  const first = Math.floor(oldestS / stepS);
  const peaks = new Float64Array(Math.floor((now - 1e-9) / stepS) - first + 1).fill(-1);
  const counts = mean ? new Float64Array(peaks.length) : null;
  for (let j = 0; j < n; j++) {
    const t = times[j]!;
    const v = values[j]!;
    if (!(t < now) || !Number.isFinite(t) || !Number.isFinite(v)) continue;
    const i = Math.floor(t / stepS) - first;
    if (counts === null) peaks[i] = Math.max(peaks[i]!, Math.max(0, v));
    else {
      peaks[i] = Math.max(0, peaks[i]!) + Math.max(0, v);
      counts[i] = counts[i]! + 1;
    }
  }
  if (counts !== null)
    for (let i = 0; i < peaks.length; i++) if (counts[i]! > 0) peaks[i] = peaks[i]! / counts[i]!;
  const bySlotOfDay = new Map<number, DaySample[]>();
  for (let i = 0; i < peaks.length; i++) {
    const value = peaks[i]!;
    if (value < 0) continue;
    const local = localTime((first + i) * stepS);
    const slotOfDay = Math.floor(local.secondOfDay / stepS);
    const days = bySlotOfDay.get(slotOfDay) ?? [];
    const last = days.at(-1);
    // A DST fall-back day repeats an hour: keep the larger of the two.
    if (last?.day === local.day) last.value = Math.max(last.value, value);
    else days.push({ day: local.day, weekday: local.weekday, value });
    bySlotOfDay.set(slotOfDay, days);
  }
  const peakAt = (startS: number) => {
    const value = peaks[Math.floor(startS / stepS) - first];
    return value === undefined || value < 0 ? undefined : value;
  };
  return { stepS, bySlotOfDay, peakAt, oldestS };
}

const isWeekend = (weekday: number) => weekday === 0 || weekday === 6;

/**
 * The seasonal load at a local time: the `dayQuantile` quantile (default 0.5, the median) over local days
 * before `beforeDay` of the same slot of the day, taken from the same weekday when there are at least 3 of
 * them, else from the same kind of day (weekday or weekend) when there are at least 2, else from every day.
 * Null with no sample at all.
 */
export function seasonalLoad(
  index: SeasonalIndex,
  at: LocalTime,
  beforeDay: number,
  dayQuantile = 0.5,
): number | null {
  const days = index.bySlotOfDay.get(Math.floor(at.secondOfDay / index.stepS));
  if (days === undefined) return null;
  const weekend = isWeekend(at.weekday);
  let all = 0;
  let sameWeekday = 0;
  let sameKind = 0;
  for (const s of days) {
    if (!(s.day < beforeDay)) continue;
    all++;
    if (s.weekday === at.weekday) sameWeekday++;
    if (isWeekend(s.weekday) === weekend) sameKind++;
  }
  if (all === 0) return null;
  // Which days count: one pass to count each kind, one to take the kind chosen (no array per kind).
  const kind = sameWeekday >= MIN_SAME_WEEKDAY ? "weekday" : sameKind >= MIN_SAME_KIND ? "kind" : "all";
  const samples: number[] = [];
  for (const s of days) {
    if (!(s.day < beforeDay)) continue;
    if (kind === "weekday" ? s.weekday === at.weekday : kind === "all" || isWeekend(s.weekday) === weekend)
      samples.push(s.value);
  }
  return quantileInPlace(samples, oddDayProofQuantile(dayQuantile, samples.length));
}

/**
 * The quantile to take over `samples` days so that one odd day cannot set it: `q`, kept between the
 * second-lowest and the second-highest day (the median with 3 days or fewer). So q 0.75 is taken as asked
 * from 5 days on and as 0.67 over 4, and a day of five times the load (or of none) moves the forecast by at
 * most the gap between two normal days.
 */
export function oddDayProofQuantile(q: number, samples: number): number {
  if (samples <= 3) return 0.5;
  const oneDay = 1 / (samples - 1); // one order statistic, as a quantile
  return Math.min(1 - oneDay, Math.max(oneDay, q));
}
