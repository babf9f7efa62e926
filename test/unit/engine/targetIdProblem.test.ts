import { describe, expect, it } from "vitest";
import { MAX_TARGET_ID_LENGTH, targetIdProblem } from "../../../shared/engine/targetIdProblem";

describe("targetIdProblem", () => {
  it.each(["llm", "llm-prod.us-east-1", "team/llm_7b"])("accepts %s", (id) => {
    expect(targetIdProblem(id)).toBeUndefined();
  });

  it.each([
    ["", /empty/],
    ["  ", /empty/],
    ["__settings__", /reserved/],
    ["x".repeat(MAX_TARGET_ID_LENGTH + 1), /at most/],
    ["llm prod", /spaces/],
  ])("refuses %j", (id, message) => {
    expect(targetIdProblem(id)).toMatch(message);
  });
});
