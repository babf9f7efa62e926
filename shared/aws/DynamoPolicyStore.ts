import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  ScanCommand,
} from "@aws-sdk/lib-dynamodb";
import type { PolicyRecord, PolicyStore } from "../engine/ports/PolicyStore";
import { buildVersionCondition } from "./buildVersionCondition";
import { callAws } from "./callAws";
import { createDocumentClient } from "./createDocumentClient";
import { fromPolicyItem } from "./fromPolicyItem";
import { POLICY_TABLE } from "./tableDefinitions";
import { toPolicyItem } from "./toPolicyItem";

/**
 * PolicyStore over the policies table (partition key targetId), one flat item per target. Reads are
 * strongly consistent, so an edit is seen by the next evaluation; writes and deletes are conditional on
 * the version (StateConflictError when another edit won). Operator input reaches DynamoDB only as item
 * attributes and expression placeholder values, never inside an expression string.
 */
export class DynamoPolicyStore implements PolicyStore {
  private readonly documents: DynamoDBDocumentClient;
  private readonly tableName: string;

  /** `client` is the low-level client (count its calls there); `tableName` the policies table. */
  constructor(client: DynamoDBClient, tableName: string) {
    this.documents = createDocumentClient(client);
    this.tableName = tableName;
  }

  /** Every item (Scan, all pages, consistent), in the table's order. */
  async list(): Promise<PolicyRecord[]> {
    const records: PolicyRecord[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await callAws({ service: "DynamoDB", operation: "Scan" }, () =>
        this.documents.send(
          new ScanCommand({ TableName: this.tableName, ConsistentRead: true, ExclusiveStartKey: startKey }),
        ),
      );
      for (const item of page.Items ?? []) records.push(fromPolicyItem(item));
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    return records;
  }

  /** The target's item (consistent read), or undefined when there is none. */
  async get(targetId: string): Promise<PolicyRecord | undefined> {
    const result = await callAws({ service: "DynamoDB", operation: "GetItem" }, () =>
      this.documents.send(
        new GetCommand({
          TableName: this.tableName,
          Key: { [POLICY_TABLE.partitionKey]: targetId },
          ConsistentRead: true,
        }),
      ),
    );
    return result.Item === undefined ? undefined : fromPolicyItem(result.Item);
  }

  /**
   * Replaces the item with version expectedVersion + 1 if the stored version is expectedVersion. An
   * edit that changes no policy field writes nothing and returns the stored record as it is (same
   * version, updatedBy and updatedAt), so re-applying a file never bumps the version or wakes policy-sync.
   */
  async put(record: Omit<PolicyRecord, "version">, expectedVersion: number): Promise<PolicyRecord> {
    const item = toPolicyItem(record, expectedVersion + 1);
    if (expectedVersion > 0) {
      const stored = await this.get(record.targetId);
      if (stored?.version === expectedVersion && sameBody(stored.body, fromPolicyItem(item).body))
        return stored;
    }
    await callAws({ service: "DynamoDB", operation: "PutItem", itemKey: this.itemKey(record.targetId) }, () =>
      this.documents.send(
        new PutCommand({ TableName: this.tableName, Item: item, ...buildVersionCondition(expectedVersion) }),
      ),
    );
    return fromPolicyItem(item);
  }

  /** Deletes the item if its version is expectedVersion (0: succeeds only while there is none). */
  async delete(targetId: string, expectedVersion: number): Promise<void> {
    await callAws({ service: "DynamoDB", operation: "DeleteItem", itemKey: this.itemKey(targetId) }, () =>
      this.documents.send(
        new DeleteCommand({
          TableName: this.tableName,
          Key: { [POLICY_TABLE.partitionKey]: targetId },
          ...buildVersionCondition(expectedVersion),
        }),
      ),
    );
  }

  private itemKey(targetId: string): string {
    return `${this.tableName}/${targetId}`;
  }
}

/** Whether two policy bodies hold the same fields and values, whatever their key order. */
function sameBody(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}
