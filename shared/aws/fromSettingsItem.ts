import type { Settings } from "../engine/ports/TargetState";
import { asRecord } from "./itemFields";

/** Settings when there is no settings item: actions on, no ceilings. */
export const DEFAULT_SETTINGS: Settings = Object.freeze({ killSwitch: false, ceilings: Object.freeze({}) });

/**
 * The Settings of the settings item, DEFAULT_SETTINGS when there is none. Operators edit this item by hand,
 * so it fails safe: killSwitch is off only when absent, false or "false"; any other value ("true", "yes",
 * 1, a typo) turns it on, because a kill switch that an operator set must not be ignored. A ceiling is kept
 * when it is a positive number (or a numeric string: the console makes typing one as a string easy), and
 * is rounded down to an integer; anything else is left out.
 */
export function fromSettingsItem(item: Record<string, unknown> | undefined): Settings {
  if (item === undefined) return DEFAULT_SETTINGS;
  const ceilingsItem = asRecord(item.ceilings) ?? {};
  const ceilings: { maxReplicas?: number; maxGpus?: number } = {};
  const maxReplicas = readCeiling(ceilingsItem.maxReplicas);
  const maxGpus = readCeiling(ceilingsItem.maxGpus);
  if (maxReplicas !== undefined) ceilings.maxReplicas = maxReplicas;
  if (maxGpus !== undefined) ceilings.maxGpus = maxGpus;
  return { killSwitch: readKillSwitch(item.killSwitch), ceilings };
}

function readKillSwitch(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === "string" && value.trim().toLowerCase() === "false") return false;
  return true;
}

function readCeiling(value: unknown): number | undefined {
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : value;
  return typeof n === "number" && Number.isFinite(n) && n >= 1 ? Math.floor(n) : undefined;
}
