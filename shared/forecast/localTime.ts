/** Where an instant falls on a local calendar. */
export interface LocalTime {
  /** Local days since 1970-01-01 (a calendar day in the zone, whatever its length on DST days). */
  readonly day: number;
  /** Seconds since local midnight. */
  readonly secondOfDay: number;
  /** 0 = Sunday .. 6 = Saturday. */
  readonly weekday: number;
}

const formats = new Map<string, Intl.DateTimeFormat>();
const OFFSET_GRANULE_S = 900; // zone offsets change on quarter hours at most

function formatFor(zone: string): Intl.DateTimeFormat {
  let format = formats.get(zone);
  if (format === undefined) {
    format = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "numeric",
      day: "numeric",
      hour: "numeric",
      minute: "numeric",
      second: "numeric",
    });
    if (formats.size < 100) formats.set(zone, format);
  }
  return format;
}

/** Seconds the zone's wall clock is ahead of UTC at `atS` (epoch seconds). Throws RangeError for an unknown zone. */
export function zoneOffsetS(zone: string, atS: number): number {
  if (zone === "UTC") return 0;
  const parts: Record<string, number> = {};
  for (const p of formatFor(zone).formatToParts(new Date(atS * 1000))) {
    if (p.type !== "literal") parts[p.type] = Number(p.value);
  }
  const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round(wall / 1000 - Math.floor(atS));
}

/**
 * A memoising local-time reader for one zone: offsets are looked up once per quarter hour (Intl is slow),
 * so bucketing weeks of history stays cheap. Pure: the same instant always gives the same answer.
 */
export function localTimeReader(zone: string): (atS: number) => LocalTime {
  if (zone === "UTC") return (atS) => onCalendar(atS);
  const offsets = cacheFor(offsetCaches, zone);
  const offsetAt = (granule: number) => {
    let offset = offsets.get(granule);
    if (offset === undefined) {
      offset = zoneOffsetS(zone, granule * OFFSET_GRANULE_S);
      offsets.set(granule, offset);
    }
    return offset;
  };
  // Offsets change at most once in BLOCK granules: equal offsets at a block's ends hold throughout it, so
  // Intl is asked twice per block instead of once per quarter hour.
  const blocks = cacheFor(blockCaches, zone);
  return (atS) => {
    const granule = Math.floor(atS / OFFSET_GRANULE_S);
    const block = Math.floor(granule / BLOCK);
    let uniform = blocks.get(block);
    if (uniform === undefined) {
      const start = offsetAt(block * BLOCK);
      uniform = start === offsetAt(block * BLOCK + BLOCK) ? start : null;
      blocks.set(block, uniform);
    }
    return onCalendar(atS + (uniform ?? offsetAt(granule)));
  };
}

// Offsets are a pure function of zone and instant, so they are remembered across readers (bounded).
const offsetCaches = new Map<string, Map<number, number>>();
const blockCaches = new Map<string, Map<number, number | null>>();
const MAX_CACHED = 100_000;

function cacheFor<V>(caches: Map<string, Map<number, V>>, zone: string): Map<number, V> {
  let cache = caches.get(zone);
  if (cache === undefined || cache.size > MAX_CACHED) {
    cache = new Map();
    if (caches.has(zone) || caches.size < 100) caches.set(zone, cache);
  }
  return cache;
}

/** Quarter hours per block: 6 hours, far shorter than the time between two offset changes. */
const BLOCK = 24;

function onCalendar(local: number): LocalTime {
  const day = Math.floor(local / 86_400);
  // 1970-01-01 was a Thursday (4).
  return { day, secondOfDay: local - day * 86_400, weekday: (((day + 4) % 7) + 7) % 7 };
}
