import { Cron } from "croner";
import type { ResolvedScheduleWindow } from "./ResolvedPolicy";

/** Where a schedule window stands at one instant. Times are epoch seconds. */
export interface WindowActivity {
  readonly active: boolean;
  /** When the active occurrence was meant to take effect (its start minus the lead); null when inactive. */
  readonly since: number | null;
  /** When the active occurrence ends; null when inactive. */
  readonly until: number | null;
  /** When inactive, the next moment the window takes effect (start minus the lead); null if none within a year. */
  readonly nextStart: number | null;
}

// A calendar year, leap years included.
const YEAR_S = 366 * 86_400;
// Far above the distinct (expression, zone) pairs of any fleet; only stops a long-lived process from leaking.
const MAX_CRONS = 4096;
const MAX_SHARED = 4096;

const NEVER: WindowActivity = Object.freeze({ active: false, since: null, until: null, nextStart: null });

/**
 * The stretch of time between two effective starts. For `now` in [from, to) the latest start with
 * start - lead <= now is `s0`, so the answer is `active` before `endAt` and `inactive` after it.
 */
interface Segment {
  // The inputs it was worked out for: compared by identity, so a changed window is never served stale.
  readonly start: string;
  readonly end: string | undefined;
  readonly durationS: number | undefined;
  readonly timezone: string;
  readonly leadS: number;
  /** Latest start at or before now + lead (null: none), and the start after it (null: none). */
  readonly s0: number | null;
  readonly s1: number | null;
  readonly from: number;
  readonly to: number;
  /** End of the occurrence starting at s0 (-Infinity when there is none or it never ends). */
  readonly endAt: number;
  readonly active: WindowActivity;
  readonly inactive: WindowActivity;
}

// Parsing a cron and setting up its zone is the costly part, and expressions repeat across targets.
const crons = new Map<string, Cron>();
// Decisions run with a steadily advancing clock, so the last segment of each window answers almost every
// call; croner's zone arithmetic (tens of µs a call) then runs about once per occurrence.
const segments = new WeakMap<ResolvedScheduleWindow, Segment>();
// Targets often share a schedule through separate window objects: the first to work out a segment shares it.
const sharedSegments = new Map<string, Segment>();

/**
 * Whether `window` is in force at `now` (epoch seconds). An occurrence starting at S (cron `start` in
 * `window.timezone`) ends at E, the first `end` occurrence strictly after S, or S + duration_s real
 * seconds; it is in force for S - leadS <= now < E (the lead moves the start only). `since` is
 * S - leadS, `until` is E; `nextStart` (inactive only) is the next S - leadS after now, null when none
 * comes within a year. DST follows croner: a start in the spring-forward gap runs when the clock
 * jumps (02:30 -> 03:00 local) and a start in the repeated fall-back hour runs once, on its first pass,
 * when minute and hour have no wildcard or step (lists and ranges included); patterns with `*` or a
 * step there skip the gap and run on both passes. An `end` that never occurs leaves the occurrence inactive. Pure: the result depends
 * only on the window and `now`; the module caches only skip recomputation.
 */
export function scheduleWindowActivity(window: ResolvedScheduleWindow, now: number): WindowActivity {
  return activityOf(segmentAt(window, now), now);
}

/** A window's activity at `now`, and a stretch `[from, until)` around it over which that activity stands. */
export interface WindowSpan {
  readonly activity: WindowActivity;
  /** scheduleWindowActivity(window, t) is `activity` (the same object) for every t in [from, until). */
  readonly from: number;
  readonly until: number;
}

/**
 * scheduleWindowActivity(window, now) with how long it stands: a caller asking again within the span
 * (decisions on an advancing clock) may reuse the answer without asking. The span is never wider than
 * the segment it was read from, and empty (until = from = now) where the answer may change at any instant.
 */
export function scheduleWindowSpan(window: ResolvedScheduleWindow, now: number): WindowSpan {
  const segment = segmentAt(window, now);
  const activity = activityOf(segment, now);
  // Active until the occurrence ends; inactive (once past the end) until the next segment begins.
  if (activity === segment.active) return { activity, from: now, until: Math.min(segment.endAt, segment.to) };
  if (activity === segment.inactive) return { activity, from: now, until: segment.to };
  return { activity, from: now, until: now };
}

function activityOf(segment: Segment, now: number): WindowActivity {
  if (now < segment.endAt) return segment.active;
  if (segment.to - now > YEAR_S) return NEVER;
  return segment.inactive;
}

/** The segment covering `now` for `window`, from the caches or worked out. */
function segmentAt(window: ResolvedScheduleWindow, now: number): Segment {
  let segment = segments.get(window);
  if (segment === undefined || !covers(segment, window, now)) {
    const key = `${window.timezone}\u0000${window.start}\u0000${window.end}\u0000${window.duration_s}\u0000${window.leadS}`;
    const shared = sharedSegments.get(key);
    if (shared !== undefined && covers(shared, window, now)) {
      segment = shared;
    } else {
      segment = findSegment(window, now, segment ?? shared);
      if (sharedSegments.size >= MAX_SHARED) sharedSegments.clear();
      sharedSegments.set(key, segment);
    }
    segments.set(window, segment);
  }
  return segment;
}

function covers(segment: Segment, window: ResolvedScheduleWindow, now: number): boolean {
  return now >= segment.from && now < segment.to && sameInputs(segment, window);
}

function sameInputs(segment: Segment, window: ResolvedScheduleWindow): boolean {
  return (
    segment.start === window.start &&
    segment.end === window.end &&
    segment.durationS === window.duration_s &&
    segment.timezone === window.timezone &&
    segment.leadS === window.leadS
  );
}

function findSegment(window: ResolvedScheduleWindow, now: number, previous: Segment | undefined): Segment {
  const startCron = cronFor(window.start, window.timezone);
  const t = now + window.leadS;
  // Moving on to the next occurrence (the usual case) needs no backward search.
  if (previous !== undefined && sameInputs(previous, window) && previous.s1 !== null && t >= previous.s1) {
    const s1 = nextAfter(startCron, previous.s1);
    if (s1 === null || t < s1) return makeSegment(window, previous.s1, s1);
  }
  // Ends are monotone in the start (the first end after a later start is never earlier), so if any
  // occurrence covers now, the latest start does: one backward lookup suffices however long windows are.
  const s0 = latestAtOrBefore(startCron, t);
  const s1 = nextAfter(startCron, s0 ?? t);
  return makeSegment(window, s0, s1);
}

function makeSegment(window: ResolvedScheduleWindow, s0: number | null, s1: number | null): Segment {
  const leadS = window.leadS;
  const from = s0 === null ? Number.NEGATIVE_INFINITY : s0 - leadS;
  const to = s1 === null ? Number.POSITIVE_INFINITY : s1 - leadS;
  const endAt = s0 === null ? Number.NEGATIVE_INFINITY : occurrenceEnd(window, s0);
  const active: WindowActivity = Object.freeze({ active: true, since: from, until: endAt, nextStart: null });
  const inactive: WindowActivity =
    s1 === null ? NEVER : Object.freeze({ active: false, since: null, until: null, nextStart: to });
  return {
    start: window.start,
    end: window.end,
    durationS: window.duration_s,
    timezone: window.timezone,
    leadS,
    s0,
    s1,
    from,
    to,
    endAt,
    active,
    inactive,
  };
}

function occurrenceEnd(window: ResolvedScheduleWindow, s0: number): number {
  if (window.end !== undefined) {
    return nextAfter(cronFor(window.end, window.timezone), s0) ?? Number.NEGATIVE_INFINITY;
  }
  // Validation guarantees end or duration_s; without either the occurrence is empty.
  return s0 + (window.duration_s ?? 0);
}

/** The first run strictly after `t` (croner's nextRun is strict at millisecond precision). */
function nextAfter(cron: Cron, t: number): number | null {
  const run = cron.nextRun(new Date(Math.floor(t * 1000)));
  return run === null ? null : run.getTime() / 1000;
}

/** The latest run at or before `t`: croner's previousRuns is strict, so ask from one millisecond later. */
function latestAtOrBefore(cron: Cron, t: number): number | null {
  const run = cron.previousRuns(1, new Date(Math.floor(t * 1000) + 1))[0];
  return run === undefined ? null : run.getTime() / 1000;
}

function cronFor(expression: string, timezone: string): Cron {
  const key = `${timezone}\u0000${expression}`;
  let cron = crons.get(key);
  if (cron === undefined) {
    if (crons.size >= MAX_CRONS) crons.clear();
    // Paused and without a callback: used only to compute run times, never to start a timer.
    // "no-wildcard": a listed hour such as "30 1,13 * * *" is a wall-clock appointment too, so it starts
    // once on fall-back day (croner's default treats only single values so).
    cron = new Cron(expression, { timezone, paused: true, fixedTimeRule: "no-wildcard" });
    crons.set(key, cron);
  }
  return cron;
}
