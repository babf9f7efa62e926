import type { Settings } from "../engine/ports/TargetState";
import { STATE_TABLE } from "./tableDefinitions";

/** The settings item (state table, key STATE_TABLE.settingsKey) of `settings`; unset ceilings are left out. */
export function toSettingsItem(settings: Settings): Record<string, unknown> {
  const ceilings: Record<string, number> = {};
  if (settings.ceilings.maxReplicas !== undefined) ceilings.maxReplicas = settings.ceilings.maxReplicas;
  if (settings.ceilings.maxGpus !== undefined) ceilings.maxGpus = settings.ceilings.maxGpus;
  return { [STATE_TABLE.partitionKey]: STATE_TABLE.settingsKey, killSwitch: settings.killSwitch, ceilings };
}
