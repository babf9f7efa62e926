/**
 * Records, in an integration worker, every AWS call a driftless function makes (as the counting middleware
 * sees it) with the IAM requests it authorizes and the tags of the resources those depend on, one JSON
 * line per call, for the IAM call proof that the globalSetup teardown runs (test/reliability/iamCallProof.ts).
 * Tags are read from the emulator just before the call is sent, by clients of its own that are not counted.
 */
import { appendFileSync } from "node:fs";
import { AutoScalingClient, DescribeTagsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { type ObservedAwsCall, observeAwsCalls } from "../../shared/aws/countAwsCalls";
import { callerOfStack, type RecordedCall, rolesToCheck } from "../reliability/iamCallProof";
import { type IamRequest, iamRequestsOf, type TaggedResource } from "../reliability/iamRequests";

/**
 * Starts recording into `file`. `currentTest` names the running test (for the proof's messages);
 * `endpoint` is the emulator the tag look-ups ask.
 */
export function recordAwsCalls(options: {
  file: string;
  endpoint: string;
  currentTest: () => string | undefined;
}): void {
  const lookup = new TagLookup(options.endpoint);
  observeAwsCalls((call) => {
    // The stack must be read here, synchronously inside `send`, where the async frames name the caller.
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 200;
    const stack = new Error().stack ?? "";
    Error.stackTraceLimit = limit;
    const caller = callerOfStack(stack);
    const name = `${call.service}:${call.operation}`;
    const test = options.currentTest();
    if (rolesToCheck(caller).length === 0) {
      append(options.file, { caller, call: name, requests: [], ...(test ? { test } : {}) });
      return undefined;
    }
    return recordFunctionCall(call, lookup).then((recorded) =>
      append(options.file, { caller, call: name, ...recorded, ...(test ? { test } : {}) }),
    );
  });
}

async function recordFunctionCall(
  call: ObservedAwsCall,
  lookup: TagLookup,
): Promise<Pick<RecordedCall, "requests" | "unmapped">> {
  let requests: IamRequest[];
  try {
    requests = iamRequestsOf(call);
  } catch (error) {
    return { requests: [], unmapped: (error as Error).message };
  }
  const withTags = await Promise.all(
    requests.map(async (request) => ({
      ...request,
      resourceTags: request.tagged ? await lookup.tags(request.tagged) : {},
    })),
  );
  return { requests: withTags };
}

function append(file: string, line: RecordedCall): void {
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/** Reads a service's or group's tags from the emulator (no cache: a test may tag or untag mid-way). */
class TagLookup {
  private ecs: ECSClient | undefined;
  private autoScaling: AutoScalingClient | undefined;

  constructor(private readonly endpoint: string) {}

  async tags(resource: TaggedResource): Promise<Record<string, string>> {
    try {
      if (resource.kind === "ecs-service") {
        this.ecs ??= new ECSClient({ endpoint: this.endpoint, maxAttempts: 2 });
        const out = await this.ecs.send(
          new DescribeServicesCommand({
            cluster: resource.cluster,
            services: [resource.service],
            include: ["TAGS"],
          }),
        );
        return Object.fromEntries((out.services?.[0]?.tags ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
      }
      this.autoScaling ??= new AutoScalingClient({ endpoint: this.endpoint, maxAttempts: 2 });
      const out = await this.autoScaling.send(
        new DescribeTagsCommand({ Filters: [{ Name: "auto-scaling-group", Values: [resource.name] }] }),
      );
      return Object.fromEntries((out.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    } catch {
      // Gone or never there: the call itself fails the same way, and an untagged resource is what it is.
      return {};
    }
  }
}
