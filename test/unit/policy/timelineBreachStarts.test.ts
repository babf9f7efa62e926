import { describe, expect, it } from "vitest";
import type { BreachStarts } from "../../../shared/policy/applyDelay";
import type { PolicyState } from "../../../shared/policy/PolicyState";
import { timelineBreachStarts } from "../../../shared/policy/timelineBreachStarts";
import { contextOf, policyOf } from "./policyContext";

const POLICY = policyOf({ max_replicas: 20, target_ongoing_requests: 2 });
const RAY = POLICY.ray;
// The window of the table: the max over 10 s, so each instant's aggregate is easy to read off.
const MAX_10S = { lookBackPeriodS: 10, aggregation: "max" as const };
const p = (t: number, v: number) => ({ t, v });

describe("timelineBreachStarts", () => {
  it.each<{
    name: string;
    series: { t: number; v: number }[];
    state?: Partial<PolicyState>;
    currentReplicas?: number;
    expected: BreachStarts;
  }>([
    { name: "is null both ways without datapoints", series: [], expected: { up: null, down: null } },
    {
      name: "finds where the trailing run wanting more began (2 running, 2 per replica)",
      series: [p(900, 4), p(910, 9), p(920, 10), p(930, 12)],
      expected: { up: 910, down: null },
    },
    {
      name: "finds where the trailing run wanting fewer began: when the 9 left the 10 s window",
      series: [p(900, 9), p(910, 1), p(920, 2)],
      expected: { up: null, down: 920 },
    },
    {
      name: "ignores datapoints after now (clock skew)",
      series: [p(990, 9), p(1010, 1)],
      expected: { up: 990, down: null },
    },
    {
      name: "starts no breach at or before the last fire or hold",
      series: [p(900, 9), p(910, 9), p(920, 9)],
      state: { floor: 910 },
      expected: { up: 920, down: null },
    },
    {
      name: "starts no scale-down breach at or before the last evaluation that did not want one",
      series: [p(900, 9), p(910, 1), p(920, 1), p(930, 1)],
      state: { downFloor: 925 },
      expected: { up: null, down: 930 },
    },
    {
      name: "starts scale-up breaches before the scale-down floor (it bounds scale-downs only)",
      series: [p(900, 9), p(910, 9), p(920, 9)],
      state: { downFloor: 915 },
      expected: { up: 900, down: null },
    },
    {
      name: "re-bases on the datapoints not yet seen when the running count changed",
      series: [p(900, 9), p(910, 9), p(920, 9)],
      state: { lastRunning: 1, seenUntil: 900 },
      expected: { up: 910, down: null },
    },
    {
      name: "keeps old datapoints while the running count is the same",
      series: [p(900, 9), p(910, 9)],
      state: { lastRunning: 2, seenUntil: 905 },
      expected: { up: 900, down: null },
    },
  ])("$name", ({ series, state, currentReplicas = 2, expected }) => {
    const input = contextOf({
      currentReplicas,
      total: 0,
      load: { total: 0, series },
      ...(state ? { state } : {}),
    });
    expect(timelineBreachStarts({ input, ray: RAY, window: MAX_10S })).toEqual(expected);
  });

  // 2 running at 2 per replica: more than 4 ongoing wants a third replica.
  const defaultWindow = (series: { t: number; v: number }[], now: number) =>
    timelineBreachStarts({
      input: contextOf({ currentReplicas: 2, now, load: { total: 0, series } }),
      ray: RAY,
      window: POLICY,
    });

  it("starts no timer for one datapoint above while the 30 s mean (Ray's look-back) is not", () => {
    expect(defaultWindow([p(950, 3), p(960, 3), p(970, 3), p(980, 6)], 990)).toEqual({
      up: null,
      down: null,
    });
  });

  it("starts the timer where the 30 s mean crossed, not at the datapoint that began raising it", () => {
    // From 980 the window mixes 3 and 9: (3 (1010 - t) + 9 (t - 980)) / 30 > 4 for t > 985.
    const starts = defaultWindow([p(950, 3), p(960, 3), p(970, 3), p(980, 9)], 1000);
    expect(starts.down).toBeNull();
    expect(starts.up).toBeCloseTo(985, 6);
  });
});
