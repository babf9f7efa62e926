import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { instanceIdleHold, instanceIdleText } from "../../../shared/engine/instanceIdleHold";
import type { GroupScaleIn } from "../../../shared/engine/ports/TargetState";

const NOW = 1_790_000_000;
const base = {
  group: "gpu-asg",
  planned: 2,
  current: 3,
  keepAtMost: 10,
  idleS: 300,
  stored: null,
  now: NOW,
} as const;

describe("instanceIdleHold", () => {
  it.each([
    {
      name: "a plan below the group starts the timer and keeps the group",
      args: {},
      want: {
        instances: 3,
        scaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: NOW }], kept: 3 },
        keptUntil: NOW + 300,
        releasedAfterS: null,
      },
    },
    {
      name: "a running timer keeps the group until it is due",
      args: { stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 200 }] } },
      want: {
        instances: 3,
        scaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 200 }], kept: 3 },
        keptUntil: NOW + 100,
        releasedAfterS: null,
      },
    },
    {
      name: "a due timer falls to the plan and is cleared",
      args: { stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 300 }] } },
      want: { instances: 2, scaleIn: null, keptUntil: null, releasedAfterS: 300 },
    },
    {
      name: "a raise applies at once and clears the timer",
      args: { planned: 5, stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 200 }] } },
      want: { instances: 5, scaleIn: null, keptUntil: null, releasedAfterS: null },
    },
    {
      name: "a plan equal to the group clears the timer",
      args: { planned: 3, stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 200 }] } },
      want: { instances: 3, scaleIn: null, keptUntil: null, releasedAfterS: null },
    },
    {
      name: "instance_idle_s 0 lowers at once, saying nothing",
      args: { idleS: 0 },
      want: { instances: 2, scaleIn: null, keptUntil: null, releasedAfterS: null },
    },
    {
      name: "another group's timer starts anew (the controller changed groups)",
      args: { stored: { group: "other-asg", steps: [{ instances: 2, since: NOW - 1000 }] } },
      want: {
        instances: 3,
        scaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: NOW }], kept: 3 },
        keptUntil: NOW + 300,
        releasedAfterS: null,
      },
    },
    {
      name: "only instances within the group's max or the GPU ceiling are kept",
      args: { current: 6, keepAtMost: 4 },
      want: {
        instances: 4,
        scaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: NOW }], kept: 4 },
        keptUntil: NOW + 300,
        releasedAfterS: null,
      },
    },
    {
      name: "nothing is kept when the bound is at or below the plan",
      args: { current: 6, keepAtMost: 2 },
      want: { instances: 2, scaleIn: null, keptUntil: null, releasedAfterS: null },
    },
    {
      name: "an instance the plan stops needing during a wait gets its own full wait",
      args: { planned: 1, stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 200 }] } },
      want: {
        instances: 3,
        scaleIn: {
          group: "gpu-asg",
          steps: [
            { instances: 2, since: NOW - 200 },
            { instances: 1, since: NOW },
          ],
          kept: 3,
        },
        keptUntil: NOW + 100,
        releasedAfterS: null,
      },
    },
    {
      name: "a due timer lowers the group to its count and the later one keeps the rest",
      args: {
        planned: 1,
        stored: {
          group: "gpu-asg",
          steps: [
            { instances: 2, since: NOW - 300 },
            { instances: 1, since: NOW - 100 },
          ],
        },
      },
      want: {
        instances: 2,
        scaleIn: { group: "gpu-asg", steps: [{ instances: 1, since: NOW - 100 }], kept: 2 },
        keptUntil: NOW + 200,
        releasedAfterS: 300,
      },
    },
    {
      name: "a plan rising during the wait ends the timers of the counts it needs again",
      args: {
        planned: 2,
        stored: {
          group: "gpu-asg",
          steps: [
            { instances: 2, since: NOW - 250 },
            { instances: 1, since: NOW - 100 },
          ],
        },
      },
      want: {
        instances: 3,
        scaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 250 }], kept: 3 },
        keptUntil: NOW + 50,
        releasedAfterS: null,
      },
    },
    {
      name: "timers stored against a lower group start anew: someone raised it since, so the plan needed more meanwhile",
      args: {
        current: 4,
        stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 1000 }], kept: 3 },
      },
      want: {
        instances: 4,
        scaleIn: { group: "gpu-asg", steps: [{ instances: 2, since: NOW }], kept: 4 },
        keptUntil: NOW + 300,
        releasedAfterS: null,
      },
    },
    {
      name: "timers stored against the group as it stands hold",
      args: { stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 300 }], kept: 3 } },
      want: { instances: 2, scaleIn: null, keptUntil: null, releasedAfterS: 300 },
    },
    {
      name: "a timer stored before timers were kept count by count (one step at 0) lowers to the plan when due",
      args: { stored: { group: "gpu-asg", steps: [{ instances: 0, since: NOW - 300 }] } },
      want: { instances: 2, scaleIn: null, keptUntil: null, releasedAfterS: 300 },
    },
  ])("$name", ({ args, want }) => {
    expect(instanceIdleHold({ ...base, ...args })).toEqual(want);
  });

  it("keeps each instance until instance_idle_s after the first round whose plan did not need it (rounds of plans, property)", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ afterS: fc.integer({ min: 1, max: 400 }), planned: fc.integer({ min: 0, max: 8 }) }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        fc.integer({ min: 1, max: 600 }),
        (rounds, idleS) => {
          const times: number[] = [];
          const plans: number[] = [];
          let now = NOW;
          let current = rounds[0]!.planned;
          let stored: GroupScaleIn | null = null;
          for (const round of rounds) {
            now += round.afterS;
            times.push(now);
            plans.push(round.planned);
            const v = instanceIdleHold({ ...base, planned: round.planned, current, idleS, stored, now });
            // An instance is needed while some round wanted it and the round after that one is under
            // instance_idle_s old (the plan first stopped needing it then), or this round wants it.
            let expected = round.planned;
            for (let j = 0; j + 1 < plans.length; j++)
              if (now - times[j + 1]! < idleS) expected = Math.max(expected, plans[j]!);
            expect(v.instances).toBe(Math.max(round.planned, Math.min(current, expected)));
            current = v.instances;
            stored = v.scaleIn;
          }
        },
      ),
    );
  });

  it("never sets below the plan nor above the larger of the plan and the group, and keeps no longer than instance_idle_s", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 20 }),
        fc.integer({ min: 0, max: 900 }),
        fc.option(fc.integer({ min: 0, max: 2000 }), { nil: null }),
        (planned, current, keepAtMost, idleS, ago) => {
          const stored =
            ago === null ? null : { group: "gpu-asg", steps: [{ instances: 0, since: NOW - ago }] };
          const v = instanceIdleHold({ ...base, planned, current, keepAtMost, idleS, stored });
          expect(v.instances).toBeGreaterThanOrEqual(planned);
          expect(v.instances).toBeLessThanOrEqual(Math.max(planned, Math.min(current, keepAtMost)));
          if (v.keptUntil !== null) {
            expect(v.keptUntil).toBeGreaterThan(NOW);
            expect(v.keptUntil).toBeLessThanOrEqual(NOW + idleS);
          }
          // A timer is stored exactly while instances are kept.
          expect(v.scaleIn !== null).toBe(v.keptUntil !== null);
          expect(v.scaleIn !== null).toBe(v.instances > planned);
        },
      ),
    );
  });
});

describe("instanceIdleText", () => {
  it.each([
    {
      name: "names the instances kept, the need, when they fall and the setting",
      verdict: instanceIdleHold({ ...base, now: Date.UTC(2026, 11, 2, 14, 0, 10) / 1000 }),
      text: " [Auto Scaling group gpu-asg: 3 instances kept (2 needed) until 14:05:10 UTC, capacity.instance_idle_s 300]",
    },
    {
      name: "names the lowering after the wait",
      verdict: instanceIdleHold({
        ...base,
        stored: { group: "gpu-asg", steps: [{ instances: 2, since: NOW - 312.4 }] },
      }),
      text: " [Auto Scaling group gpu-asg: lowered to 2 instances, not needed for 312 s >= capacity.instance_idle_s 300]",
    },
    {
      name: "names when each kept instance falls when they fall at different times",
      verdict: instanceIdleHold({
        ...base,
        planned: 1,
        stored: {
          group: "gpu-asg",
          steps: [{ instances: 2, since: Date.UTC(2026, 11, 2, 14, 0, 10) / 1000 }],
        },
        now: Date.UTC(2026, 11, 2, 14, 2, 0) / 1000,
      }),
      planned: 1,
      text: " [Auto Scaling group gpu-asg: 3 instances kept (1 needed) until 14:05:10 UTC, then 2 until 14:07:00 UTC, capacity.instance_idle_s 300]",
    },
    {
      name: "names both the lowering and the instances still kept when a round does both",
      verdict: instanceIdleHold({
        ...base,
        planned: 1,
        stored: {
          group: "gpu-asg",
          steps: [
            { instances: 2, since: Date.UTC(2026, 11, 2, 14, 0, 10) / 1000 },
            { instances: 1, since: Date.UTC(2026, 11, 2, 14, 2, 0) / 1000 },
          ],
        },
        now: Date.UTC(2026, 11, 2, 14, 5, 10) / 1000,
      }),
      planned: 1,
      text: " [Auto Scaling group gpu-asg: lowered to 2 instances, not needed for 300 s >= capacity.instance_idle_s 300; 2 instances kept (1 needed) until 14:07:00 UTC]",
    },
    { name: "says nothing of a raise", verdict: instanceIdleHold({ ...base, planned: 4 }), text: "" },
    {
      name: "says nothing when nothing is kept (0 s)",
      verdict: instanceIdleHold({ ...base, idleS: 0 }),
      text: "",
    },
  ])("$name", ({ verdict, text, ...rest }) => {
    const planned = "planned" in rest ? (rest.planned as number) : 2;
    expect(instanceIdleText({ group: "gpu-asg", planned, verdict, idleS: 300 })).toBe(text);
  });
});
