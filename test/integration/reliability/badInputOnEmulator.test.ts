/**
 * Bad input typed into the tables by hand, on the emulator: numbers JavaScript cannot hold exactly
 * (`1E+100`, `12345678901234567.5`: DynamoDB keeps 38 digits) in a policy item, in another target's state
 * item and in the settings item. Each is read (leniently: a number beyond double precision loses digits, and
 * validation refuses it with its path) and the other targets keep being scaled.
 */
import { type AttributeValue, PutItemCommand } from "@aws-sdk/client-dynamodb";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { STATE_TABLE } from "../../../shared/aws/tableDefinitions";
import { evaluateRound } from "../../../shared/engine/evaluateRound";
import { type EmulatorWorld, emulatorWorld, TABLES } from "../../reliability/emulatorWorld";
import { totalLoadPolicy } from "../../reliability/memoryWorld";
import { ReliabilityTally } from "../../reliability/reliabilitySummary";
import { resetEmulator } from "../../support/resetEmulator";

const tally = new ReliabilityTally("hand-edited items with unreadable numbers (emulator)");
afterAll(() => tally.record());

let world: EmulatorWorld | undefined;
afterEach(() => world?.destroy());

describe("an item edited by hand with a number JavaScript cannot hold exactly", () => {
  it.each<{ where: string; table: string; item: Record<string, AttributeValue> }>([
    {
      where: "a policy item",
      table: TABLES.policies,
      item: {
        targetId: { S: "bad" },
        version: { N: "1" },
        max_replicas: { N: "1E+100" },
        min_replicas: { N: "12345678901234567.5" },
      },
    },
    {
      where: "another target's state item",
      table: TABLES.state,
      item: {
        targetId: { S: "bad" },
        version: { N: "1" },
        target: { N: "1E+50" },
        updatedAt: { N: "123456789012345678901.5" },
      },
    },
    {
      where: "the settings item",
      table: TABLES.state,
      item: {
        targetId: { S: STATE_TABLE.settingsKey },
        killSwitch: { BOOL: false },
        ceilings: { M: { maxReplicas: { N: "1E+100" } } },
      },
    },
  ])("in $where: the round still scales the other targets", async ({ table, item }) => {
    // arrange: "good" asks for 2 -> 6; "bad" has a valid policy unless its policy item is the edited one
    await resetEmulator();
    const w = await emulatorWorld();
    world = w;
    const rt = w.runtime({ direct: true });
    await w.addServices(["good", "bad"], 2);
    for (const id of ["good", "bad"])
      await rt.deps.policies.put(
        { targetId: id, updatedBy: "test", updatedAt: "x", body: totalLoadPolicy(id) },
        0,
      );
    await w.publish(
      new Map([
        ["good", 60],
        ["bad", 20],
      ]),
      w.t0 - 150,
      w.t0,
    );
    await w.direct.dynamo.send(new PutItemCommand({ TableName: table, Item: item }));
    // act
    const report = await evaluateRound(rt.deps);
    // assert
    expect(report.outcomes.find((o) => o.targetId === "good")?.actions).toEqual(["ecs:llm-good=6"]);
    expect(await w.desired("good")).toBe(6);
    if (table === TABLES.policies) {
      const status = (await rt.deps.states.get("bad"))?.policyStatus;
      expect(status?.valid).toBe(false);
      expect(status?.problems.map((p) => p.path)).toEqual(
        expect.arrayContaining(["$.max_replicas", "$.min_replicas"]),
      );
    }
    tally.add({
      evaluations: report.outcomes.length,
      actions: w.audit.actions,
      doubleActions: w.audit.doubleActions,
    });
  });
});
