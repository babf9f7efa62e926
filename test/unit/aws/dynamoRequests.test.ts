import { describe, expect, it } from "vitest";
import { buildBatchGetInput } from "../../../shared/aws/buildBatchGetInput";
import { buildMarkActionAppliedInput } from "../../../shared/aws/buildMarkActionAppliedInput";
import { buildVersionCondition } from "../../../shared/aws/buildVersionCondition";

describe("buildVersionCondition", () => {
  it("requires no version for expected version 0 (no item, or a hand-made item without one)", () => {
    expect(buildVersionCondition(0)).toEqual({
      ConditionExpression: "attribute_not_exists(#version)",
      ExpressionAttributeNames: { "#version": "version" },
    });
  });

  it("requires the expected version otherwise, as a placeholder value", () => {
    expect(buildVersionCondition(7)).toEqual({
      ConditionExpression: "#version = :expectedVersion",
      ExpressionAttributeNames: { "#version": "version" },
      ExpressionAttributeValues: { ":expectedVersion": 7 },
    });
  });

  it.each([-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY])("refuses version %s", (version) => {
    expect(() => buildVersionCondition(version)).toThrow(RangeError);
  });
});

describe("buildBatchGetInput", () => {
  it("reads the keys of one table with strongly consistent reads", () => {
    expect(buildBatchGetInput("state", [{ targetId: "a" }, { targetId: "b" }])).toEqual({
      RequestItems: { state: { Keys: [{ targetId: "a" }, { targetId: "b" }], ConsistentRead: true } },
    });
  });
});

describe("buildMarkActionAppliedInput", () => {
  it("sets appliedAt and error, drops the maker and bumps the version only while the action is stored and unapplied", () => {
    // act
    const input = buildMarkActionAppliedInput("state", "t1", "t1:4", 1_767_225_600.5, null);

    // assert
    expect(input).toMatchObject({
      TableName: "state",
      Key: { targetId: "t1" },
      UpdateExpression:
        "SET #action.#appliedAt = :appliedAt, #action.#error = :error, #version = #version + :one REMOVE #action.#decidedBy",
      ConditionExpression:
        "#action.#id = :actionId AND (attribute_not_exists(#action.#appliedAt) OR attribute_type(#action.#appliedAt, :null))",
      ExpressionAttributeValues: {
        ":appliedAt": 1_767_225_600.5,
        ":error": null,
        ":one": 1,
        ":actionId": "t1:4",
        ":null": "NULL",
      },
    });
  });

  it("keeps ids and error text out of the expressions", () => {
    // arrange
    const hostile = 'x" OR attribute_exists(version)';

    // act
    const input = buildMarkActionAppliedInput("state", hostile, hostile, null, hostile);

    // assert
    expect(input.UpdateExpression).not.toContain(hostile);
    expect(input.ConditionExpression).not.toContain(hostile);
    expect(input.ExpressionAttributeValues).toMatchObject({ ":actionId": hostile, ":error": hostile });
  });
});
