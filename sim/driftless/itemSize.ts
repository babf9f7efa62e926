/** About the size in bytes a record takes as a DynamoDB item (its JSON: names and values). */
export function itemSize(record: unknown): number {
  return JSON.stringify(record)?.length ?? 0;
}
