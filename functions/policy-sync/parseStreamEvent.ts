import type { AttributeValue } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { z } from "zod";
import type { ValidationProblem } from "../../shared/errors/ValidationProblem";
import { zodProblems } from "../../shared/errors/zodProblems";

const RecordSchema = z
  .object({
    eventID: z.string().optional(),
    eventName: z.enum(["INSERT", "MODIFY", "REMOVE"]),
    dynamodb: z
      .object({
        Keys: z.record(z.string(), z.unknown()),
        NewImage: z.record(z.string(), z.unknown()).optional(),
        SequenceNumber: z.string().optional(),
      })
      .passthrough(),
  })
  .passthrough();

const StreamEventSchema = z.object({ Records: z.array(z.unknown()) }).passthrough();

/** One change to a policy item. */
export interface PolicyChange {
  /** The id the stream mapping reports back in batchItemFailures. */
  readonly itemIdentifier: string;
  readonly targetId: string;
  readonly kind: "upsert" | "remove";
  /** The new item, unmarshalled (upserts only). */
  readonly item: Record<string, unknown> | null;
}

export interface ParsedStreamEvent {
  readonly changes: PolicyChange[];
  /** Records that could not be read, with why; they are reported, never retried forever. */
  readonly rejected: { readonly index: number; readonly problems: ValidationProblem[] }[];
}

/** Reads a DynamoDB stream event of the policies table, record by record. Never throws. */
export function parseStreamEvent(
  event: unknown,
): { ok: true; parsed: ParsedStreamEvent } | { ok: false; problems: ValidationProblem[] } {
  const outer = StreamEventSchema.safeParse(event);
  if (!outer.success) return { ok: false, problems: zodProblems(outer.error) };
  const changes: PolicyChange[] = [];
  const rejected: ParsedStreamEvent["rejected"] = [];
  outer.data.Records.forEach((raw, index) => {
    const parsed = RecordSchema.safeParse(raw);
    if (!parsed.success) {
      rejected.push({ index, problems: zodProblems(parsed.error, ["Records", index]) });
      return;
    }
    const r = parsed.data;
    try {
      const keys = unmarshall(r.dynamodb.Keys as Record<string, AttributeValue>);
      const targetId = keys.targetId;
      if (typeof targetId !== "string" || targetId.length === 0) {
        rejected.push({
          index,
          problems: [{ path: `$.Records[${index}].dynamodb.Keys.targetId`, message: "missing string key" }],
        });
        return;
      }
      const item =
        r.eventName === "REMOVE" || !r.dynamodb.NewImage
          ? null
          : unmarshall(r.dynamodb.NewImage as Record<string, AttributeValue>);
      changes.push({
        itemIdentifier: r.dynamodb.SequenceNumber ?? r.eventID ?? String(index),
        targetId,
        kind: r.eventName === "REMOVE" ? "remove" : "upsert",
        item,
      });
    } catch (error) {
      rejected.push({
        index,
        problems: [{ path: `$.Records[${index}].dynamodb`, message: (error as Error).message }],
      });
    }
  });
  return { ok: true, parsed: { changes, rejected } };
}
