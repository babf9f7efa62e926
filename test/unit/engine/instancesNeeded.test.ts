import { describe, expect, it } from "vitest";
import { instancesNeeded, type TaskShare } from "../../../shared/engine/instancesNeeded";

describe("instances a GPU group needs for its tasks", () => {
  it.each<{ name: string; tasks: TaskShare[]; perInstance: number; expected: number }>([
    {
      name: "one size: whole tasks per instance",
      tasks: [{ count: 5, gpusPerTask: 2 }],
      perInstance: 4,
      expected: 3,
    },
    {
      name: "one size over several targets sums",
      tasks: [
        { count: 3, gpusPerTask: 1 },
        { count: 2, gpusPerTask: 1 },
      ],
      perInstance: 4,
      expected: 2,
    },
    {
      name: "smaller tasks fill what larger ones leave",
      tasks: [
        { count: 2, gpusPerTask: 3 },
        { count: 2, gpusPerTask: 1 },
      ],
      perInstance: 4,
      expected: 2,
    },
    {
      name: "a task never spans instances",
      tasks: [{ count: 3, gpusPerTask: 3 }],
      perInstance: 4,
      expected: 3,
    },
    { name: "no tasks, no instances", tasks: [{ count: 0, gpusPerTask: 1 }], perInstance: 4, expected: 0 },
  ])("$name", ({ tasks, perInstance, expected }) => {
    expect(
      instancesNeeded({ tasks, gpusPerInstance: perInstance, spare: 0, groupMin: 0, groupMax: 100 }),
    ).toBe(expected);
  });

  it("adds spare within the GPU ceiling and bounds the count by the group", () => {
    const tasks = [{ count: 4, gpusPerTask: 1 }];
    expect(
      instancesNeeded({ tasks, gpusPerInstance: 1, spare: 3, groupMin: 0, groupMax: 100, maxInstances: 5 }),
    ).toBe(5);
    expect(instancesNeeded({ tasks, gpusPerInstance: 1, spare: 0, groupMin: 6, groupMax: 100 })).toBe(6);
    expect(instancesNeeded({ tasks, gpusPerInstance: 1, spare: 0, groupMin: 0, groupMax: 3 })).toBe(3);
  });
});
