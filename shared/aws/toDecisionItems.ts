import type { DecisionRecord } from "../engine/ports/DecisionLog";
import { HISTORY_TABLE } from "./tableDefinitions";
import { toDecisionSummaryItem } from "./toDecisionSummaryItem";

const SECONDS_PER_DAY = 86_400;

/**
 * The history-table items of `records`, in input order. Each item has every DecisionRecord field (trace as a
 * JSON string), `atS` = the record's exact `at` (epoch seconds), the sort key `at` = epoch milliseconds
 * (rounded), and `expiresAt` = floor(at) + retentionDays days (epoch seconds, the TTL attribute).
 *
 * Unique keys: a record whose (targetId, ms) was already used by an earlier record of the same call gets
 * the next free millisecond, so two decisions of one target in the same millisecond are both kept (the
 * key can then run up to a few ms ahead of `atS`, which stays exact). BatchWriteItem also rejects a batch
 * with duplicate keys. Records of the same target and millisecond written by two different calls still
 * share a key; the later write wins.
 */
export function toDecisionItems(
  records: readonly DecisionRecord[],
  retentionDays: number,
): Record<string, unknown>[] {
  const usedKeys = new Map<string, Set<number>>();
  return records.map((record) => {
    let used = usedKeys.get(record.targetId);
    if (used === undefined) {
      used = new Set();
      usedKeys.set(record.targetId, used);
    }
    let atMs = Math.round(record.at * 1000);
    while (used.has(atMs)) atMs += 1;
    used.add(atMs);
    return {
      ...toDecisionSummaryItem(record),
      targetId: record.targetId,
      // Replaces the summary's `at` (seconds), which is kept exact as `atS`.
      [HISTORY_TABLE.sortKey]: atMs,
      atS: record.at,
      [HISTORY_TABLE.ttlAttribute]: Math.floor(record.at) + retentionDays * SECONDS_PER_DAY,
      evaluationId: record.evaluationId,
      policyVersion: record.policyVersion,
      running: record.running,
      pending: record.pending,
      load: record.load,
      metricAgeS: record.metricAgeS,
      acted: record.acted,
    };
  });
}
