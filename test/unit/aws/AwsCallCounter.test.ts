import { describe, expect, it } from "vitest";
import { AwsCallCounter } from "../../../shared/aws/AwsCallCounter";

describe("AwsCallCounter", () => {
  it("counts calls per Service:Operation, snapshots sorted copies, totals and resets", () => {
    // arrange
    const counter = new AwsCallCounter();

    // act
    counter.record("ECS", "DescribeServices");
    counter.record("DynamoDB", "BatchGetItem");
    counter.record("ECS", "DescribeServices");
    const snapshot = counter.snapshot();
    counter.record("ECS", "UpdateService");
    const total = counter.total();
    counter.reset();

    // assert
    expect(snapshot).toEqual({ "DynamoDB:BatchGetItem": 1, "ECS:DescribeServices": 2 });
    expect(Object.keys(snapshot)).toEqual(["DynamoDB:BatchGetItem", "ECS:DescribeServices"]);
    expect(total).toBe(4);
    expect(counter.snapshot()).toEqual({});
    expect(counter.total()).toBe(0);
  });
});
