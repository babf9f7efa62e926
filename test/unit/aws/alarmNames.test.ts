import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { alarmName, alarmNamePrefix } from "../../../shared/aws/alarmName";
import { targetIdFromAlarmName } from "../../../shared/aws/targetIdFromAlarmName";

const PREFIX = "driftless-";

describe("alarmName", () => {
  it("joins prefix, target id and suffix with a dot", () => {
    expect(alarmName(PREFIX, "llm-a", "scale-up")).toBe("driftless-llm-a.scale-up");
    expect(alarmNamePrefix(PREFIX, "llm-a")).toBe("driftless-llm-a.");
  });

  it.each(["", "scale.up", "scale up", "ü"])("refuses suffix %j", (suffix) => {
    expect(() => alarmName(PREFIX, "llm", suffix)).toThrow(RangeError);
  });

  it("refuses an empty target id", () => {
    expect(() => alarmName(PREFIX, "", "up")).toThrow(RangeError);
  });
});

describe("targetIdFromAlarmName", () => {
  it.each([
    { name: "driftless-llm-a.scale-up", target: "llm-a" },
    { name: "driftless-a.b.c.scale-up", target: "a.b.c" },
    { name: "driftless-llm-a-scale-up", target: undefined }, // no separator
    { name: "other-llm-a.scale-up", target: undefined },
    { name: "driftless-.scale-up", target: undefined },
    { name: "driftless-llm.", target: undefined },
    { name: "driftless-llm.scale up", target: undefined },
  ])("reads $name as $target", ({ name, target }) => {
    expect(targetIdFromAlarmName(name, PREFIX)).toBe(target);
  });

  it("inverts alarmName for any target id and suffix (property)", () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), fc.stringMatching(/^[A-Za-z0-9_-]+$/), (targetId, suffix) => {
        expect(targetIdFromAlarmName(alarmName(PREFIX, targetId, suffix), PREFIX)).toBe(targetId);
      }),
    );
  });

  it("never gives one target another's alarm, even when one id extends the other (property)", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1 }),
        fc.string({ minLength: 1 }),
        fc.stringMatching(/^[A-Za-z0-9_-]+$/),
        (a, extension, suffix) => {
          const other = `${a}${extension}`;
          const name = alarmName(PREFIX, other, suffix);
          // other's alarm may start with a's listing prefix, but never parses as a's
          expect(targetIdFromAlarmName(name, PREFIX) === a).toBe(false);
        },
      ),
    );
  });
});
