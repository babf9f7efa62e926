import { Rng } from "../Rng";
import { GPU_INSTANCE, LLM_STAGE } from "./llmStage";
import type { RatePoint, Trace } from "./Trace";

/** Tuesday 2026-06-02 00:00 America/New_York (EDT, UTC-4): a trading day with no DST change. */
export const MARKET_DAY_START = Date.UTC(2026, 5, 2, 4, 0, 0) / 1000;

const TENANTS = 5;
const QUERIES_PER_TENANT_PER_DAY = 2000;
// Where a tenant's day goes: market hours carry most of it (the ADR's "concentrated 9am-4pm ET").
const SHARE = { night: 0.03, preMarket: 0.05, market: 0.85, afterHours: 0.07 };
const MIN = 60;

/** A weekend day's share of a weekday's queries (no market; a few tenants look at the books). */
const WEEKEND_SHARE = 0.05;

/**
 * Seed 001's reference scenario: 5 tenants x 2,000 queries a day, concentrated 09:00-16:00
 * America/New_York, bursty: everyone at the 09:30 open (x3 for 20 min) and into the close (x2 from
 * 15:40), plus each tenant's own bursts (Poisson, 3 a day on average, 5-15 min at x3-x5). Burst
 * placement is drawn from `seed`; the rate is a step per minute. Over `days` (from Tuesday 2 June
 * 2026) each weekday draws its own bursts from the seed (the first day is the same whatever `days`);
 * Saturdays and Sundays carry 5 % of a weekday's queries, spread over 08:00-20:00 with no bursts.
 */
export function marketHoursTrace(seed: number, days = 1): Trace {
  const dayMinutes = 24 * MIN;
  const perMinute = new Float64Array(days * dayMinutes);
  const onsets: number[] = [];
  for (let day = 0; day < days; day++) {
    const offset = day * dayMinutes;
    if (isWeekend(MARKET_DAY_START + day * 86400)) {
      addWeekendDay(perMinute, offset);
      continue;
    }
    const label = day === 0 ? "trace:market-hours" : `trace:market-hours:day:${day}`;
    for (const onset of addMarketDay(new Rng(seed).fork(label), perMinute, offset)) onsets.push(onset);
  }
  const rate: RatePoint[] = [];
  for (let m = 0; m < perMinute.length; m++) {
    const rps = perMinute[m]! / 60;
    rate.push({ t: m * 60, rps }, { t: (m + 1) * 60, rps });
  }
  return {
    name: days === 1 ? "market-hours" : `market-hours-${days}d`,
    description:
      days === 1
        ? "5 tenants x 2,000 queries/day, 85 % between 09:00 and 16:00 America/New_York, bursts at the open, the close and per tenant (seed 001)"
        : `${days} days from Tuesday 2 June 2026: trading days of 5 tenants x 2,000 queries, 85 % between 09:00 and 16:00 America/New_York, bursts at the open, the close and per tenant (drawn per day); weekends at 5 %`,
    start: MARKET_DAY_START,
    durationS: days * 24 * 3600,
    timezone: "America/New_York",
    rate,
    onsets: mergeOnsets(onsets),
    slo: { metric: "ttft", targetMs: 2000 },
    stages: [LLM_STAGE],
    instance: GPU_INSTANCE,
  };
}

/** Whether the New York calendar day containing `epoch` (+ 12 h) is a Saturday or Sunday. */
function isWeekend(epoch: number): boolean {
  const weekday = new Intl.DateTimeFormat("en-US", { timeZone: "America/New_York", weekday: "short" }).format(
    new Date((epoch + 12 * 3600) * 1000),
  );
  return weekday === "Sat" || weekday === "Sun";
}

/** Adds one trading day's queries per minute from `offset`; returns its burst onsets (seconds after the trace start). */
function addMarketDay(rng: Rng, perMinute: Float64Array, offset: number): number[] {
  const base = offset * 60;
  const onsets: number[] = [base + 9.5 * 3600, base + (15 * 60 + 40) * 60];
  for (let tenant = 0; tenant < TENANTS; tenant++) {
    // Market-hours weights per minute: 1 for the base, more during bursts.
    const weights = new Float64Array(24 * 60);
    for (let m = 9 * MIN; m < 16 * MIN; m++) weights[m] = 1;
    for (let m = 9 * MIN + 30; m < 9 * MIN + 50; m++) weights[m] = weights[m]! + 2;
    for (let m = 15 * MIN + 40; m < 16 * MIN; m++) weights[m] = weights[m]! + 1;
    const bursts = rng.poisson(3);
    for (let b = 0; b < bursts; b++) {
      const startMin = Math.floor(rng.uniform(9 * MIN, 15 * MIN + 45));
      const length = Math.round(rng.uniform(5, 15));
      const extra = rng.uniform(2, 4);
      for (let m = startMin; m < Math.min(16 * MIN, startMin + length); m++) weights[m] = weights[m]! + extra;
      onsets.push(base + startMin * 60);
    }
    let marketWeight = 0;
    for (let m = 9 * MIN; m < 16 * MIN; m++) marketWeight += weights[m]!;
    const q = QUERIES_PER_TENANT_PER_DAY;
    for (let m = 0; m < 24 * MIN; m++) {
      let perMin: number;
      if (m >= 9 * MIN && m < 16 * MIN) perMin = (q * SHARE.market * weights[m]!) / marketWeight;
      else if (m >= 7 * MIN && m < 9 * MIN) perMin = (q * SHARE.preMarket) / (2 * MIN);
      else if (m >= 16 * MIN && m < 20 * MIN) perMin = (q * SHARE.afterHours) / (4 * MIN);
      else perMin = (q * SHARE.night) / (11 * MIN);
      perMinute[offset + m] = perMinute[offset + m]! + perMin;
    }
  }
  return onsets;
}

/** Adds a weekend day: 5 % of a weekday's queries, 80 % of them between 08:00 and 20:00. */
function addWeekendDay(perMinute: Float64Array, offset: number): void {
  const q = TENANTS * QUERIES_PER_TENANT_PER_DAY * WEEKEND_SHARE;
  for (let m = 0; m < 24 * MIN; m++) {
    const day = m >= 8 * MIN && m < 20 * MIN;
    perMinute[offset + m] = day ? (q * 0.8) / (12 * MIN) : (q * 0.2) / (12 * MIN);
  }
}

/** Sorted onsets, dropping one that starts within 2 minutes of the previous (the same burst). */
function mergeOnsets(onsets: number[]): number[] {
  const sorted = [...onsets].sort((a, b) => a - b);
  const out: number[] = [];
  for (const t of sorted) if (out.length === 0 || t - out[out.length - 1]! >= 120) out.push(t);
  return out;
}
