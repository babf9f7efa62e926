import { describe, expect, it } from "vitest";
import { validatePolicy } from "../../../shared/policy/parsePolicy";
import type { RayParams } from "../../../shared/policy/ResolvedPolicy";
import { scheduleOverlay } from "../../../shared/policy/scheduleOverlay";

const NY = "America/New_York";
const BASE = {
  min_replicas: 1,
  max_replicas: 10,
  target_ongoing_requests: 2,
  upscale_delay_s: 30,
  downscale_delay_s: 600,
  upscaling_factor: 1,
  downscaling_factor: 1,
};
const BASE_RAY: RayParams = {
  minReplicas: 1,
  maxReplicas: 10,
  targetOngoingRequests: 2,
  upscaleDelayS: 30,
  downscaleDelayS: 600,
  downscaleToZeroDelayS: undefined,
  upscalingFactor: 1,
  downscalingFactor: 1,
};

const market = (overrides: Record<string, number | null>, name = "market") => ({
  name,
  start: "0 9 * * 1-5",
  end: "0 16 * * 1-5",
  timezone: NY,
  overrides,
});
// Wednesday 2026-07-01: 10:00 EDT (open) and 18:00 EDT (closed).
const OPEN = Date.UTC(2026, 6, 1, 14) / 1000;
const CLOSED = Date.UTC(2026, 6, 1, 22) / 1000;
const SESSION = { since: Date.UTC(2026, 6, 1, 13) / 1000, until: Date.UTC(2026, 6, 1, 20) / 1000 };

describe("scheduleOverlay", () => {
  it("returns policy.ray itself and a shared empty list when the policy has no schedules", () => {
    // arrange
    const policy = validatePolicy(BASE);
    const other = validatePolicy({ ...BASE, min_replicas: 2 });

    // act
    const first = scheduleOverlay(policy, OPEN);
    const second = scheduleOverlay(other, CLOSED);

    // assert
    expect(first.ray).toBe(policy.ray);
    expect(first.active).toEqual([]);
    expect(first.active).toBe(second.active);
    expect(Object.isFrozen(first.active)).toBe(true);
  });

  it("returns policy.ray itself when windows exist but none is active", () => {
    // arrange
    const policy = validatePolicy({ ...BASE, schedules: [market({ min_replicas: 2 })] });

    // act
    const overlay = scheduleOverlay(policy, CLOSED);

    // assert
    expect(overlay.ray).toBe(policy.ray);
    expect(overlay.active).toEqual([]);
  });

  it.each<{
    name: string;
    schedules: object[];
    now: number;
    ray: Partial<RayParams>;
    active: string[];
  }>([
    {
      name: "raises min_replicas to 2 during market hours in summer (13:00-20:00 UTC)",
      schedules: [market({ min_replicas: 2 })],
      now: OPEN,
      ray: { minReplicas: 2 },
      active: ["market"],
    },
    {
      name: "raises min_replicas during market hours in winter (14:00-21:00 UTC)",
      schedules: [market({ min_replicas: 2 })],
      now: Date.UTC(2026, 0, 7, 20, 30) / 1000,
      ray: { minReplicas: 2 },
      active: ["market"],
    },
    {
      name: "leaves the base values outside market hours",
      schedules: [market({ min_replicas: 2 })],
      now: Date.UTC(2026, 0, 7, 13, 30) / 1000,
      ray: {},
      active: [],
    },
    {
      name: "maps every snake_case override to its RayParams field",
      schedules: [
        market({
          min_replicas: 3,
          max_replicas: 20,
          target_ongoing_requests: 5,
          upscale_delay_s: 10,
          downscale_delay_s: 300,
          downscale_to_zero_delay_s: 900,
          upscaling_factor: 1.5,
          downscaling_factor: 0.5,
        }),
      ],
      now: OPEN,
      ray: {
        minReplicas: 3,
        maxReplicas: 20,
        targetOngoingRequests: 5,
        upscaleDelayS: 10,
        downscaleDelayS: 300,
        downscaleToZeroDelayS: 900,
        upscalingFactor: 1.5,
        downscalingFactor: 0.5,
      },
      active: ["market"],
    },
    {
      name: "lets a later window override an earlier one field by field, keeping fields it does not set",
      schedules: [
        market({ min_replicas: 2, target_ongoing_requests: 4 }, "early"),
        market({ min_replicas: 3, upscale_delay_s: 5 }, "late"),
      ],
      now: OPEN,
      ray: { minReplicas: 3, targetOngoingRequests: 4, upscaleDelayS: 5 },
      active: ["early", "late"],
    },
    {
      name: "lowers min_replicas to max_replicas when two windows combine into min > max",
      schedules: [market({ max_replicas: 3 }, "ceiling"), market({ min_replicas: 5 }, "floor")],
      now: OPEN,
      ray: { minReplicas: 3, maxReplicas: 3 },
      active: ["ceiling", "floor"],
    },
    {
      name: "applies only the windows active now",
      schedules: [
        market({ min_replicas: 2 }),
        {
          name: "night",
          start: "0 22 * * *",
          end: "0 6 * * *",
          timezone: NY,
          overrides: { max_replicas: 4 },
        },
      ],
      now: OPEN,
      ray: { minReplicas: 2 },
      active: ["market"],
    },
  ])("$name", ({ schedules, now, ray, active }) => {
    // arrange
    const policy = validatePolicy({ ...BASE, schedules });

    // act
    const overlay = scheduleOverlay(policy, now);

    // assert
    expect(overlay.ray).toEqual({ ...BASE_RAY, ...ray });
    expect(overlay.active.map((w) => w.name)).toEqual(active);
    expect(policy.ray).toEqual(BASE_RAY);
  });

  it("reports when each active window was meant to take effect and when it ends", () => {
    // arrange
    const policy = validatePolicy({
      ...BASE,
      schedules: [
        market({ min_replicas: 2 }),
        { ...market({ min_replicas: 3 }, "ready"), ready_at_start: true, lead_time_s: 390 },
      ],
    });

    // act
    const overlay = scheduleOverlay(policy, OPEN);

    // assert
    expect(overlay.active).toEqual([
      { name: "market", ...SESSION },
      { name: "ready", since: SESSION.since - 390, until: SESSION.until },
    ]);
  });

  it("remembers which window set each parameter, the later window winning field by field", () => {
    const policy = validatePolicy({
      ...BASE,
      schedules: [
        market({ min_replicas: 2, upscale_delay_s: 5 }),
        { ...market({ min_replicas: 3, downscaling_factor: null }, "ready") },
      ],
    });

    const overlay = scheduleOverlay(policy, OPEN);

    expect(overlay.setBy).toEqual({ minReplicas: "ready", upscaleDelayS: "market" });
  });

  it("has no setter when no window is active", () => {
    expect(
      scheduleOverlay(validatePolicy({ ...BASE, schedules: [market({ min_replicas: 2 })] }), CLOSED).setBy,
    ).toEqual({});
  });
});
