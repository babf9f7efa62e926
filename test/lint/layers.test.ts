/**
 * The layers are enforced by the linter (biome.json `overrides` with style/noRestrictedImports): for each
 * layer, a file with a deliberate violation is written into that layer's directory, and the same Biome binary
 * `npm run lint` uses must refuse it, naming the rule, while the same file with an allowed import passes (so the
 * refusal is the layer rule's, not a syntax error's). Each probe file is removed afterwards.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const BIOME = join(ROOT, "node_modules", ".bin", "biome");
const PROBE = `zz-layer-probe-${process.pid}`;
/** Files and directories this test created, removed after each case. */
const written: string[] = [];
const everWritten: string[] = [];

afterEach(() => {
  for (const path of written.splice(0).reverse()) rmSync(join(ROOT, path), { force: true, recursive: true });
});
afterAll(() => {
  expect(everWritten.filter((path) => existsSync(join(ROOT, path)))).toEqual([]);
});

/** Writes `source` to the new file `file` (relative to the repository) and lints it with Biome. */
function lint(file: string, source: string): { code: number | null; output: string } {
  if (existsSync(join(ROOT, file))) throw new Error(`probe ${file} would overwrite an existing file`);
  const dir = dirname(file);
  if (!existsSync(join(ROOT, dir))) {
    mkdirSync(join(ROOT, dir));
    written.push(dir);
    everWritten.push(dir);
  }
  written.push(file);
  everWritten.push(file);
  writeFileSync(join(ROOT, file), source);
  const run = spawnSync(BIOME, ["lint", "--colors=off", file], { cwd: ROOT, encoding: "utf8" });
  return { code: run.status, output: `${run.stdout}${run.stderr}` };
}

const probe = (dir: string) => `${dir}/${PROBE}.ts`;
const importing = (from: string, name: string) =>
  `import { ${name} } from "${from}";\n\nexport const probe = ${name};\n`;

describe("the linter enforces the layers", () => {
  it.each([
    {
      layer: "shared/policy imports no AWS adapter",
      file: probe("shared/policy"),
      bad: importing("../aws/callAws", "callAws"),
      good: importing("../metrics/windowBreachStart", "windowBreachStart"),
      says: "pure core",
    },
    {
      layer: "shared/policy does no I/O",
      file: probe("shared/policy"),
      bad: importing("node:fs", "readFileSync"),
      good: importing("../metrics/windowBreachStart", "windowBreachStart"),
      says: "pure core",
    },
    {
      layer: "shared/policy reads no environment or clock from the runtime",
      file: probe("shared/policy"),
      bad: importing("../runtime/SystemClock", "SystemClock"),
      good: importing("./closestName", "closestName"),
      says: "pure core",
    },
    {
      layer: "shared/metrics imports no AWS SDK",
      file: probe("shared/metrics"),
      bad: importing("@aws-sdk/client-cloudwatch", "CloudWatchClient"),
      good: importing("./cleanSeries", "cleanSeries"),
      says: "pure core",
    },
    {
      layer: "shared/metrics imports nothing from the engine",
      file: probe("shared/metrics"),
      bad: importing("../engine/runTickLoop", "runTickLoop"),
      good: importing("./cleanSeries", "cleanSeries"),
      says: "pure core",
    },
    {
      layer: "shared/alarms (pure specs) imports no adapter",
      file: probe("shared/alarms"),
      bad: importing("../aws/alarmName", "alarmName"),
      good: importing("./alarmSpecsFor", "alarmSpecsFor"),
      says: "pure core",
    },
    {
      layer: "shared/forecast (pure forecasting) imports no AWS SDK",
      file: probe("shared/forecast"),
      bad: importing("@aws-sdk/client-cloudwatch", "CloudWatchClient"),
      good: importing("./median", "median"),
      says: "pure core",
    },
    {
      layer: "shared/inMemory implements the ports without AWS",
      file: probe("shared/inMemory"),
      bad: importing("../aws/DynamoStateStore", "DynamoStateStore"),
      good: importing("../engine/ports/StateStore", "SETTINGS_ITEM_ID"),
      says: "through its ports",
    },
    {
      layer: "shared/config does not import shared/aws",
      file: probe("shared/config"),
      bad: importing("../aws/tableDefinitions", "STATE_TABLE"),
      good: importing("./defaultTableNames", "DEFAULT_TABLE_NAMES"),
      says: "through its ports",
    },
    {
      layer: "shared/engine does not import shared/aws",
      file: probe("shared/engine"),
      bad: importing("../aws/tableDefinitions", "STATE_TABLE"),
      good: importing("./ports/StateStore", "SETTINGS_ITEM_ID"),
      says: "through its ports",
    },
    {
      layer: "shared/engine/ports do not import shared/aws either",
      file: probe("shared/engine/ports"),
      bad: importing("../../aws/callAws", "callAws"),
      good: importing("./StateStore", "SETTINGS_ITEM_ID"),
      says: "through its ports",
    },
    {
      layer: "shared/ never imports the edges",
      file: probe("shared/aws"),
      bad: importing("../../functions/tick/handleTick", "handleTick"),
      good: importing("./alarmName", "alarmName"),
      says: "never imports the edges",
    },
    {
      layer: "a Lambda handler.ts imports only runtime wiring",
      // A new function directory: the rule covers every functions/*/handler.ts.
      file: `functions/${PROBE}/handler.ts`,
      bad: importing("../../shared/engine/runTickLoop", "runTickLoop"),
      good: importing("../../shared/runtime/buildRuntime", "buildRuntime"),
      says: "only wires the runtime",
    },
    {
      layer: "the simulator touches no AWS SDK",
      file: probe("sim/driftless"),
      bad: importing("@aws-sdk/client-ecs", "ECSClient"),
      good: importing("./SimAlarmManager", "SimAlarmManager"),
      says: "in-memory ports",
    },
  ])("$layer", ({ file, bad, good, says }) => {
    const refused = lint(file, bad);
    expect(refused.code).not.toBe(0);
    expect(refused.output).toMatch(/lint\/style\/noRestrictedImports/);
    expect(refused.output).toContain(says);
    rmSync(join(ROOT, file));
    const accepted = lint(file, good);
    expect(accepted.output).not.toMatch(/noRestrictedImports/);
    expect(accepted.code).toBe(0);
  });
});
