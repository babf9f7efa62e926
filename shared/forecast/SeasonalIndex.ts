import type { Series } from "../metrics/Datapoint";
import type { LocalTime } from "./localTime";
import { median } from "./median";

/** One past day's load at one time of day. */
interface DaySample {
  readonly weekday: number;
  readonly value: number;
}

/**
 * Past load by local time of day: slot of the day -> local day -> the slot's peak. Built from datapoints
 * strictly before `now` only, so nothing built from it can look ahead.
 */
export interface SeasonalIndex {
  readonly stepS: number;
  readonly bySlotOfDay: ReadonlyMap<number, ReadonlyMap<number, DaySample>>;
  /** Peak load per slot start (epoch seconds), for the recent level. */
  readonly slots: ReadonlyMap<number, number>;
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
 * per 5-minute slot), so a burst inside a slot is not averaged away.
 */
export function buildSeasonalIndex(args: {
  readonly history: Series;
  readonly now: number;
  readonly stepS: number;
  readonly localTime: (atS: number) => LocalTime;
}): SeasonalIndex {
  const { history, now, stepS, localTime } = args;
  const slots = new Map<number, number>();
  let oldestS: number | null = null;
  for (const { t, v } of history) {
    if (!(t < now) || !Number.isFinite(t) || !Number.isFinite(v)) continue;
    const start = Math.floor(t / stepS) * stepS;
    slots.set(start, Math.max(slots.get(start) ?? 0, Math.max(0, v)));
    if (oldestS === null || t < oldestS) oldestS = t;
  }
  const bySlotOfDay = new Map<number, Map<number, DaySample>>();
  for (const [start, value] of slots) {
    const local = localTime(start);
    const slotOfDay = Math.floor(local.secondOfDay / stepS);
    const days = bySlotOfDay.get(slotOfDay) ?? new Map<number, DaySample>();
    const seen = days.get(local.day);
    // A DST fall-back day repeats an hour: keep the larger of the two.
    if (seen === undefined || seen.value < value) days.set(local.day, { weekday: local.weekday, value });
    bySlotOfDay.set(slotOfDay, days);
  }
  return { stepS, bySlotOfDay, slots, oldestS };
}

const isWeekend = (weekday: number) => weekday === 0 || weekday === 6;

/**
 * The seasonal load at a local time: the median over local days before `beforeDay` of the same slot of the
 * day, taken from the same weekday when there are at least 3 of them, else from the same kind of day
 * (weekday or weekend) when there are at least 2, else from every day. Null with no sample at all.
 */
export function seasonalLoad(index: SeasonalIndex, at: LocalTime, beforeDay: number): number | null {
  const days = index.bySlotOfDay.get(Math.floor(at.secondOfDay / index.stepS));
  if (days === undefined) return null;
  const all: DaySample[] = [];
  for (const [day, sample] of days) if (day < beforeDay) all.push(sample);
  if (all.length === 0) return null;
  const sameWeekday = all.filter((s) => s.weekday === at.weekday);
  if (sameWeekday.length >= MIN_SAME_WEEKDAY) return median(sameWeekday.map((s) => s.value));
  const sameKind = all.filter((s) => isWeekend(s.weekday) === isWeekend(at.weekday));
  if (sameKind.length >= MIN_SAME_KIND) return median(sameKind.map((s) => s.value));
  return median(all.map((s) => s.value));
}
