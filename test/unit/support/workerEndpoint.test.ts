import { describe, expect, it } from "vitest";
import { workerEndpoint } from "../../support/workerEndpoint";

const two = ["http://127.0.0.1:4001", "http://127.0.0.1:4002"];

describe("workerEndpoint", () => {
  it.each([
    { case: "worker 1 gets the first of its own", endpoints: two, poolId: "1", expected: two[0] },
    { case: "worker 2 gets the second", endpoints: two, poolId: "2", expected: two[1] },
    {
      case: "one given endpoint serves every worker",
      endpoints: ["http://localhost:4566"],
      poolId: "2",
      expected: "http://localhost:4566",
    },
    {
      case: "one given endpoint serves outside a pool too",
      endpoints: ["http://localhost:4566"],
      poolId: undefined,
      expected: "http://localhost:4566",
    },
  ])("$case", ({ endpoints, poolId, expected }) => {
    expect(workerEndpoint(endpoints, poolId)).toBe(expected);
  });

  it.each([
    { case: "a worker numbered past the emulators started", poolId: "3" },
    { case: "no worker number", poolId: undefined },
    { case: "a worker number that is not one", poolId: "x" },
  ])("refuses $case instead of sharing another worker's emulator", ({ poolId }) => {
    expect(() => workerEndpoint(two, poolId)).toThrow(/has no emulator of its own \(2 started\)/);
  });
});
