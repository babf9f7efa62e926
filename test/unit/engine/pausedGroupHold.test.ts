import { describe, expect, it } from "vitest";
import { pausedGroupHold, pausedGroupText } from "../../../shared/engine/pausedDirectionRule";
import type { ResolvedPolicy } from "../../../shared/policy/ResolvedPolicy";

type Pause = true | "scale_in" | "scale_out" | null;

/** A member whose policy says only what the rule reads: its pause. */
function member(targetId: string, pause: Pause) {
  const policy = {
    paused: pause === true,
    pausedDirection: pause === true ? null : pause,
  } as unknown as ResolvedPolicy;
  return { targetId, policy };
}

describe("the paused direction on a direct Auto Scaling group", () => {
  it.each([
    {
      name: "holds a lowering when the member pauses scale_in",
      pauses: ["scale_in"],
      current: 4,
      instances: 1,
      hold: { direction: "scale_in", targetId: "a", full: false },
    },
    {
      name: "holds a lowering when the member is paused entirely",
      pauses: [true],
      current: 4,
      instances: 1,
      hold: { direction: "scale_in", targetId: "a", full: true },
    },
    {
      name: "lets a raise go on under a scale_in pause",
      pauses: ["scale_in"],
      current: 1,
      instances: 6,
      hold: null,
    },
    {
      name: "holds a raise when the member pauses scale_out",
      pauses: ["scale_out"],
      current: 1,
      instances: 3,
      hold: { direction: "scale_out", targetId: "a", full: false },
    },
    {
      name: "lets a lowering go on under a scale_out pause",
      pauses: ["scale_out"],
      current: 4,
      instances: 1,
      hold: null,
    },
    { name: "holds nothing when the group stays", pauses: [true], current: 4, instances: 4, hold: null },
    { name: "holds nothing without a pause", pauses: [null], current: 4, instances: 1, hold: null },
    {
      name: "holds a shared group's lowering when any member pauses scale_in, naming it",
      pauses: [null, "scale_in"],
      current: 4,
      instances: 2,
      hold: { direction: "scale_in", targetId: "b", full: false },
    },
    {
      name: "names the first pausing member by target id, whatever the order",
      pauses: ["scale_in", true],
      current: 4,
      instances: 2,
      hold: { direction: "scale_in", targetId: "a", full: false },
      reversed: true,
    },
    {
      name: "lets a shared group's raise go on while one member scales out",
      pauses: [null, "scale_out"],
      current: 2,
      instances: 6,
      hold: null,
    },
    {
      name: "holds a shared group's raise when every member pauses scale_out",
      pauses: ["scale_out", true],
      current: 2,
      instances: 6,
      hold: { direction: "scale_out", targetId: "a", full: false },
    },
  ] as const)("$name", ({ pauses, current, instances, hold, ...rest }) => {
    const members = pauses.map((p, i) => member(String.fromCharCode(97 + i), p));
    if ("reversed" in rest) members.reverse();
    expect(pausedGroupHold({ members, current, instances })).toEqual(hold);
  });

  it.each([
    {
      hold: { direction: "scale_in", targetId: "a", full: false },
      current: 4,
      planned: 1,
      text: " [Auto Scaling group gpu-asg held at 4 instances (1 planned): target a paused scale_in]",
    },
    {
      hold: { direction: "scale_in", targetId: "b", full: true },
      current: 3,
      planned: 2,
      text: " [Auto Scaling group gpu-asg held at 3 instances (2 planned): target b paused]",
    },
    {
      hold: { direction: "scale_out", targetId: "a", full: false },
      current: 1,
      planned: 3,
      text: " [Auto Scaling group gpu-asg held at 1 instance (3 planned): target a paused scale_out]",
    },
  ] as const)("says the group is held by the pause: $text", ({ hold, current, planned, text }) => {
    expect(pausedGroupText({ group: "gpu-asg", current, planned, hold })).toBe(text);
  });
});
