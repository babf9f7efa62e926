import { describe, expect, it } from "vitest";
import { buildDescribeServicesInputs } from "../../../shared/aws/buildDescribeServicesInputs";
import { parseServiceCounts } from "../../../shared/aws/parseServiceCounts";

describe("buildDescribeServicesInputs", () => {
  it("asks for at most 10 distinct services per call, all of one cluster", () => {
    // act
    const inputs = buildDescribeServicesInputs("gpu", [
      ...Array.from({ length: 21 }, (_, i) => `s${i}`),
      "s0",
    ]);

    // assert
    expect(inputs.map((input) => [input.cluster, input.services?.length])).toEqual([
      ["gpu", 10],
      ["gpu", 10],
      ["gpu", 1],
    ]);
    expect(buildDescribeServicesInputs("gpu", [])).toEqual([]);
  });
});

describe("parseServiceCounts", () => {
  const arn = "arn:aws:ecs:us-east-1:123456789012:service/gpu/llm-b";

  it("keys counts as requested, by name or ARN; missing counts read as 0", () => {
    // act
    const counts = parseServiceCounts(
      ["llm-a", arn],
      [
        {
          serviceName: "llm-a",
          serviceArn: "arn:.../llm-a",
          status: "ACTIVE",
          desiredCount: 3,
          runningCount: 2,
          pendingCount: 1,
        },
        { serviceName: "llm-b", serviceArn: arn, desiredCount: 1 },
      ],
    );

    // assert
    expect(counts).toEqual(
      new Map([
        ["llm-a", { desired: 3, running: 2, pending: 1 }],
        [arn, { desired: 1, running: 0, pending: 0 }],
      ]),
    );
  });

  it("leaves out deleted (INACTIVE) and draining services, and services nobody asked for", () => {
    // act
    const counts = parseServiceCounts(
      ["old", "going"],
      [
        { serviceName: "old", status: "INACTIVE", desiredCount: 0 },
        { serviceName: "going", status: "DRAINING", desiredCount: 0 },
        { serviceName: "stranger", status: "ACTIVE", desiredCount: 1 },
      ],
    );

    // assert
    expect(counts.size).toBe(0);
  });
});
