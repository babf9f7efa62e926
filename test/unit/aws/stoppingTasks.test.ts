import type { Task } from "@aws-sdk/client-ecs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  buildDescribeTasksInputs,
  buildListStoppingTasksInput,
} from "../../../shared/aws/buildStoppingTaskInputs";
import { parseStoppingTasks } from "../../../shared/aws/parseStoppingTasks";

describe("stopping-task requests", () => {
  it("lists the cluster's tasks whose desired status is STOPPED in pages of 100, passing the page token on", () => {
    expect(buildListStoppingTasksInput("gpu", undefined)).toEqual({
      cluster: "gpu",
      desiredStatus: "STOPPED",
      maxResults: 100,
    });
    expect(buildListStoppingTasksInput("gpu", "t2")).toEqual({
      cluster: "gpu",
      desiredStatus: "STOPPED",
      maxResults: 100,
      nextToken: "t2",
    });
  });

  it("describes at most 100 distinct tasks a call, and makes no call for none", () => {
    const arns = [...Array.from({ length: 201 }, (_, i) => `arn:task/${i}`), "arn:task/7"];
    const inputs = buildDescribeTasksInputs("gpu", arns);
    expect(inputs.map((i) => [i.cluster, i.tasks?.length])).toEqual([
      ["gpu", 100],
      ["gpu", 100],
      ["gpu", 1],
    ]);
    expect(buildDescribeTasksInputs("gpu", [])).toEqual([]);
  });
});

const on = (ci: string | undefined, lastStatus: string | undefined, desiredStatus = "STOPPED"): Task => ({
  ...(ci === undefined ? {} : { containerInstanceArn: ci }),
  ...(lastStatus === undefined ? {} : { lastStatus }),
  desiredStatus,
});

describe("parseStoppingTasks", () => {
  it.each<[string, Task[], [string, number][]]>([
    [
      "a task draining its requests (DEACTIVATING, STOPPING, DEPROVISIONING) keeps its instance busy",
      [on("ci/1", "DEACTIVATING"), on("ci/1", "STOPPING"), on("ci/2", "DEPROVISIONING")],
      [
        ["ci/1", 2],
        ["ci/2", 1],
      ],
    ],
    [
      "a task still RUNNING (the stop not yet applied by the agent) counts as stopping",
      [on("ci/1", "RUNNING")],
      [["ci/1", 1]],
    ],
    ["a task that has STOPPED does not", [on("ci/1", "STOPPED"), on("ci/2", "STOPPED")], []],
    [
      "a task with no last status is not known to be stopped: it counts",
      [on("ci/1", undefined)],
      [["ci/1", 1]],
    ],
    ["a task on no container instance (Fargate) is left out", [on(undefined, "STOPPING")], []],
    ["a task whose desired status is RUNNING is not a stopping one", [on("ci/1", "RUNNING", "RUNNING")], []],
    ["no tasks, no instance", [], []],
  ])("%s", (_name, tasks, expected) => {
    expect(parseStoppingTasks(tasks)).toEqual(new Map(expected));
  });

  it("counts, per container instance, exactly the tasks not yet STOPPED", () => {
    const status = fc.constantFrom("RUNNING", "DEACTIVATING", "STOPPING", "DEPROVISIONING", "STOPPED");
    const task = fc.record({ ci: fc.constantFrom("ci/1", "ci/2", "ci/3"), lastStatus: status });
    fc.assert(
      fc.property(fc.array(task, { maxLength: 40 }), (tasks) => {
        const parsed = parseStoppingTasks(tasks.map((t) => on(t.ci, t.lastStatus)));
        for (const ci of ["ci/1", "ci/2", "ci/3"]) {
          const expected = tasks.filter((t) => t.ci === ci && t.lastStatus !== "STOPPED").length;
          expect(parsed.get(ci) ?? 0).toBe(expected);
          if (expected === 0) expect(parsed.has(ci)).toBe(false);
        }
      }),
    );
  });
});
