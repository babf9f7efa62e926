import { describe, expect, it } from "vitest";
import { decide } from "../../../shared/policy/decide";
import {
  boundsStep,
  coldStartStep,
  DECISION_STEPS,
  delayStep,
  factorsStep,
  fallbackStep,
  groupFloorStep,
  limitsStep,
  pausedDirectionStep,
  pausedStep,
  pendingStep,
  rawDesiredStep,
  sloStep,
  zeroBypassStep,
} from "../../../shared/policy/decisionSteps";
import { forecastStep } from "../../../shared/policy/forecastStep";
import { leadAwareStep } from "../../../shared/policy/leadAwareStep";
import type { PolicyInput } from "../../../shared/policy/PolicySchema";
import { contextOf, policyOf } from "./policyContext";

const always = (name: string, overrides: Record<string, number>) => ({
  name,
  start: "0 * * * *",
  duration_s: 3600,
  overrides,
});
const TTFT = { metric: { namespace: "n", name: "ttft", statistic: "p95" as const }, target_ms: 1000 };

describe("DECISION_STEPS", () => {
  it("runs pause, fallback, Ray's steps in Ray's order, the forecast floor, then bounds, limits and the partial pause", () => {
    expect(DECISION_STEPS).toEqual([
      pausedStep,
      fallbackStep,
      coldStartStep,
      rawDesiredStep,
      sloStep,
      groupFloorStep,
      factorsStep,
      zeroBypassStep,
      pendingStep,
      leadAwareStep,
      delayStep,
      forecastStep,
      boundsStep,
      limitsStep,
      pausedDirectionStep,
    ]);
  });
});

describe("the reason names the step that set the final count", () => {
  it.each<{ name: string; policy: PolicyInput; input: Parameters<typeof contextOf>[0]; reason: string }>([
    {
      name: "a schedule minimum on missing data, not the missing data",
      policy: { min_replicas: 1, max_replicas: 10, schedules: [always("peak", { min_replicas: 3 })] },
      input: { currentReplicas: 2, total: null, load: { total: null, failure: "no datapoints" } },
      reason:
        'scale up 2 -> 3: min_replicas 3 of schedule window "peak" (load unreadable (no datapoints), 1/3 before fallback)',
    },
    {
      name: "a lower max_replicas on missing data, never 'never scaling down'",
      policy: { min_replicas: 1, max_replicas: 4 },
      input: { currentReplicas: 6, load: { total: null, failure: "the policy has no load section" } },
      reason:
        "scale down 6 -> 4: max_replicas 4 (load unreadable (the policy has no load section), 1/3 before fallback)",
    },
    {
      name: "missing data on a hold, with why it holds",
      policy: { min_replicas: 1, max_replicas: 4 },
      input: { currentReplicas: 2, load: { total: null, failure: "no datapoints" } },
      reason:
        "hold at 2: load unreadable (no datapoints), 1/3 before fallback: holding, never scaling down on missing data",
    },
    {
      name: "a fixed fallback that raised the count",
      policy: { max_replicas: 10, fallback: { failure_threshold: 1, action: "fixed", replicas: 5 } },
      input: { currentReplicas: 2, load: { total: null, failure: "no datapoints" } },
      reason: "scale up 2 -> 5: load unreadable 1 times (no datapoints): fallback to at least 5",
    },
    {
      name: "a holding fallback on a hold, its hold words kept apart so a restated change never says them",
      policy: { max_replicas: 10, fallback: { failure_threshold: 1, action: "hold" } },
      input: { currentReplicas: 2, load: { total: null, failure: "no datapoints" } },
      reason: "hold at 2: load unreadable 1 times (no datapoints): fallback holds",
    },
    {
      name: "pause",
      policy: { max_replicas: 10, paused: true },
      input: { currentReplicas: 2, total: 100 },
      reason: "hold at 2: paused: deciding nothing",
    },
    {
      name: "a partial pause holding a scale-down",
      policy: { max_replicas: 10, downscale_delay_s: 0, paused: "scale_in" },
      input: { currentReplicas: 4, total: 2 },
      reason: "hold at 4: paused scale_in: holding at 4 (1 wanted: 1 wanted for 0 s >= downscale_delay_s 0)",
    },
    {
      name: "a partial pause holding a scale-up a bound asked for",
      policy: { min_replicas: 5, max_replicas: 10, paused: "scale_out" },
      input: { currentReplicas: 2, total: 4 },
      reason: "hold at 2: paused scale_out: holding at 2 (5 wanted: min_replicas 5)",
    },
    {
      name: "a fired delay, with the load that wanted it",
      policy: { max_replicas: 10, upscale_delay_s: 0 },
      input: { currentReplicas: 2, total: 8 },
      reason: "scale up 2 -> 4: 4 wanted for 0 s >= upscale_delay_s 0 (8 requests at 2 per replica)",
    },
    {
      name: "a delay still running",
      policy: { max_replicas: 10, upscale_delay_s: 30 },
      input: { currentReplicas: 2, total: 8, state: { counter: 1, ts: 990 } },
      reason: "hold at 2: 4 wanted for 10 s of upscale_delay_s 30 (8 requests at 2 per replica)",
    },
    {
      name: "a schedule maximum that capped a fired delay",
      policy: { max_replicas: 10, upscale_delay_s: 0, schedules: [always("night", { max_replicas: 3 })] },
      input: { currentReplicas: 2, total: 12 },
      reason:
        'scale up 2 -> 3: max_replicas 3 of schedule window "night" (6 wanted for 0 s >= upscale_delay_s 0)',
    },
    {
      name: "a GPU budget that lowered the max",
      policy: { max_replicas: 10, upscale_delay_s: 0, limits: { max_gpus: 3 } },
      input: { currentReplicas: 2, total: 12 },
      reason: "scale up 2 -> 3: max 3 from limits.max_gpus (6 wanted for 0 s >= upscale_delay_s 0)",
    },
    {
      name: "a step limit",
      policy: { max_replicas: 10, upscale_delay_s: 0, limits: { max_step_up: 1 } },
      input: { currentReplicas: 2, total: 12 },
      reason: "scale up 2 -> 3: limited by max_step_up 1 (6 wanted for 0 s >= upscale_delay_s 0)",
    },
    {
      name: "a scale-in pause that held a scale-down",
      policy: { max_replicas: 10, downscale_delay_s: 0, limits: { scale_in_pause_s: 300 } },
      input: { currentReplicas: 4, total: 2, state: { lastScaleUpAt: 900 } },
      reason: "hold at 4: limited by scale_in_pause_s 300 (1 wanted for 0 s >= downscale_delay_s 0)",
    },
    {
      name: "an SLO without ample slack that forbade a scale-down",
      policy: { max_replicas: 10, downscale_delay_s: 0, slo: TTFT },
      input: { currentReplicas: 4, total: 2, latencyMs: 800 },
      reason: "hold at 4: slack 200 ms not ample (latency above 0.5 x target): no scale-down",
    },
    {
      name: "an SLO over target that raised the count",
      policy: { max_replicas: 10, upscale_delay_s: 0, slo: TTFT },
      input: { currentReplicas: 4, total: 8, latencyMs: 1500 },
      reason:
        "scale up 4 -> 6: 6 wanted for 0 s >= upscale_delay_s 0 (latency 1500 ms over target 1000 ms: urgency 1.5 wants >= 6)",
    },
    {
      name: "capacity still starting (hold_scale_up)",
      policy: { max_replicas: 10, upscale_delay_s: 0, pending: { hold_scale_up: true } },
      input: { currentReplicas: 2, pendingReplicas: 2, total: 12, state: { lastScaleUpAt: 990 } },
      reason: "hold at 2: 2 replica(s) still starting would absorb this load",
    },
    {
      name: "a schedule minimum over capacity still starting",
      policy: {
        max_replicas: 10,
        upscale_delay_s: 0,
        pending: { hold_scale_up: true },
        schedules: [always("peak", { min_replicas: 5 })],
      },
      input: { currentReplicas: 2, pendingReplicas: 2, total: 12, state: { lastScaleUpAt: 990 } },
      reason: 'scale up 2 -> 5: min_replicas 5 of schedule window "peak" (2 replica(s) still starting)',
    },
    {
      name: "the schedule window that set the per-replica target and the delay",
      policy: {
        max_replicas: 10,
        upscale_delay_s: 300,
        schedules: [always("launch", { target_ongoing_requests: 1, upscale_delay_s: 0 })],
      },
      input: { currentReplicas: 2, total: 4 },
      reason:
        'scale up 2 -> 4: 4 wanted for 0 s >= upscale_delay_s 0 of schedule window "launch" (4 requests at 1 per replica of schedule window "launch")',
    },
    {
      name: "the last step to zero on downscale_delay_s when downscale_to_zero_delay_s is unset",
      policy: { min_replicas: 0, max_replicas: 10, downscale_delay_s: 60 },
      input: { currentReplicas: 1, total: 0, state: { counter: -1, ts: 900 } },
      reason: "scale down 1 -> 0: 0 wanted for 100 s >= downscale_delay_s 60 (0 requests at 2 per replica)",
    },
    {
      name: "a cold start",
      policy: { min_replicas: 0, max_replicas: 10 },
      input: { currentReplicas: 0, targetReplicas: 0, total: 3 },
      reason: "scale up 0 -> 1: cold start: 3 requests and no running replica",
    },
  ])("$name", ({ policy, input, reason }) => {
    const d = decide(policyOf(policy), contextOf(input));
    expect(d.reason).toBe(reason);
    // The cause's why (stated on a change) never carries the words meant for a hold; a paused target
    // is held by the engine too, so its why is never restated as a change.
    for (const words of [/holding/, /never scaling down/, /fallback holds/, /deciding nothing/])
      if (d.cause.step !== "paused") expect(d.cause.why).not.toMatch(words);
  });
});
