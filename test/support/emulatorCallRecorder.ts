/**
 * Records, in an integration worker, every AWS call a driftless function makes (as the counting middleware
 * sees it) with the IAM requests it authorizes and the tags of the resources those depend on, one JSON
 * line per call, for the IAM call proof that the globalSetup teardown runs (test/reliability/iamCallProof.ts).
 * The calls themselves are not delayed: tags are read from the emulator beside them, once per resource
 * and test, by clients of the recorder's own that are not counted, and `flushRecordedCalls` (after each
 * test, before the next one resets the emulator) waits for them.
 */
import { appendFileSync } from "node:fs";
import { AutoScalingClient, DescribeAutoScalingGroupsCommand } from "@aws-sdk/client-auto-scaling";
import { DescribeServicesCommand, ECSClient } from "@aws-sdk/client-ecs";
import { type ObservedAwsCall, observeAwsCalls } from "../../shared/aws/countAwsCalls";
import { callerOfStack, type RecordedCall, rolesToCheck } from "../reliability/iamCallProof";
import { iamRequestsOf, type TaggedResource } from "../reliability/iamRequests";

const pending = new Set<Promise<void>>();

/**
 * Starts recording into `file`. `currentTest` names the running test (for the proof's messages and the
 * tag cache); `endpoint` is the emulator the tag look-ups ask.
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
    const base = { caller, call: name, ...(test ? { test } : {}) };
    if (rolesToCheck(caller).length === 0) {
      append(options.file, { ...base, requests: [] });
      return;
    }
    const done = describeCall(call, lookup, test ?? "")
      .then((described) => append(options.file, { ...base, ...described }))
      .finally(() => pending.delete(done));
    pending.add(done);
  });
}

/** Waits until every call seen so far is written. */
export async function flushRecordedCalls(): Promise<void> {
  while (pending.size > 0) await Promise.all([...pending]);
}

async function describeCall(
  call: ObservedAwsCall,
  lookup: TagLookup,
  test: string,
): Promise<Pick<RecordedCall, "requests" | "unmapped">> {
  try {
    const requests = iamRequestsOf(call);
    const withTags = await Promise.all(
      requests.map(async (request) => {
        if (request.tagged === undefined) return { ...request, resourceTags: {} };
        const tags = await lookup.tags(request.tagged, test);
        return tags === undefined
          ? { ...request, resourceTags: {}, tagsUnknown: true as const }
          : { ...request, resourceTags: tags };
      }),
    );
    return { requests: withTags };
  } catch (error) {
    return { requests: [], unmapped: (error as Error).message };
  }
}

function append(file: string, line: RecordedCall): void {
  appendFileSync(file, `${JSON.stringify(line)}\n`);
}

/**
 * Reads a service's or group's tags from the emulator, once per resource and test; undefined when the
 * resource is not there (the call fails on its own) or the look-up failed: then the tags are unknown.
 */
class TagLookup {
  private ecs: ECSClient | undefined;
  private autoScaling: AutoScalingClient | undefined;
  private readonly cache = new Map<string, Promise<Record<string, string> | undefined>>();

  constructor(private readonly endpoint: string) {}

  tags(resource: TaggedResource, test: string): Promise<Record<string, string> | undefined> {
    const key = `${test}\u0000${JSON.stringify(resource)}`;
    let found = this.cache.get(key);
    if (found === undefined) {
      found = this.readTwiceIfUntagged(resource);
      this.cache.set(key, found);
      // Only what was found is kept: a resource created later in the test is looked up again.
      found.then((tags) => tags === undefined && this.cache.delete(key));
    }
    return found;
  }

  /**
   * A found resource without tags is read once more a moment later before it counts as untagged: moto
   * can answer a DescribeServices that races an UpdateService of the same service without its tags.
   */
  private async readTwiceIfUntagged(resource: TaggedResource): Promise<Record<string, string> | undefined> {
    const first = await this.read(resource);
    if (first === undefined || Object.keys(first).length > 0) return first;
    await new Promise((resolve) => setTimeout(resolve, 50));
    return this.read(resource);
  }

  private async read(resource: TaggedResource): Promise<Record<string, string> | undefined> {
    try {
      if (resource.kind === "ecs-service") {
        this.ecs ??= new ECSClient({ endpoint: this.endpoint, maxAttempts: 3 });
        const out = await this.ecs.send(
          new DescribeServicesCommand({
            cluster: resource.cluster,
            services: [resource.service],
            include: ["TAGS"],
          }),
        );
        const service = out.services?.[0];
        if (service === undefined) return undefined;
        return Object.fromEntries((service.tags ?? []).map((t) => [t.key ?? "", t.value ?? ""]));
      }
      this.autoScaling ??= new AutoScalingClient({ endpoint: this.endpoint, maxAttempts: 3 });
      const out = await this.autoScaling.send(
        new DescribeAutoScalingGroupsCommand({ AutoScalingGroupNames: [resource.name] }),
      );
      const group = out.AutoScalingGroups?.[0];
      if (group === undefined) return undefined;
      return Object.fromEntries((group.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]));
    } catch {
      return undefined;
    }
  }
}
