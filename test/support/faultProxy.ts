/**
 * A fault-injecting HTTP proxy for integration tests: it sits between the AWS SDK and the emulator, forwards
 * every request unchanged, and on the calls its rules select answers with the service's own throttling or
 * server error, holds the request past the client's timeout, adds latency, or drops the connection (before
 * the emulator saw the call, or after it executed it). The SDK under test runs its real retry, timeout and
 * error parsing code against real HTTP.
 *
 * Forwarding: request and response bodies and headers go through byte for byte, in order and with their
 * case, except the hop-by-hop headers (Connection, Keep-Alive, Transfer-Encoding, ...) that belong to one
 * connection. The Host header is kept as the client sent it by default: SigV4 signs it, so the forwarded
 * request still carries a valid signature, for an emulator that checks signatures as for one that does not
 * (moto 5 does not by default, and accepts both Host values; LocalStack, not tested here, finds the service
 * from the credential scope and X-Amz-Target when Host is a bare address, and would build resource URLs
 * that point back at the proxy). `rewriteHost: true` sends the target's host instead, which breaks the
 * signature for a checking server.
 *
 * Usage:
 * ```ts
 * const proxy = await startFaultProxy({ target: process.env.AWS_ENDPOINT_URL!, seed: 7 });
 * const ecs = new ECSClient({ endpoint: proxy.endpoint });
 * proxy.setRules([{ service: "ecs", operation: "UpdateService", calls: [2, 3], fault: "throttle" }]);
 * ```
 */
import http, { type IncomingMessage, type ServerResponse } from "node:http";
import https from "node:https";
import type { AddressInfo, Socket } from "node:net";
import { type ErrorResponse, renderError, serverError, throttlingError } from "./faultErrors";
import { identifyRequest, normalizeService, type RequestIdentity } from "./faultRequest";

export type { RequestIdentity, WireProtocol } from "./faultRequest";

/** What a rule does to a request it selects. */
export type FaultKind = "throttle" | "server-error" | "timeout" | "latency" | "drop" | "drop-after-forward";

export type Fault =
  /** Answers HTTP 400 with the service's throttling error (`code` overrides it); the emulator is not called. */
  | { kind: "throttle"; code?: string }
  /** Answers 500 (default) or 503 with the service's server error; the emulator is not called. */
  | { kind: "server-error"; status?: 500 | 503; code?: string }
  /**
   * Never answers: holds the request `holdMs` (default 10 s, meant to exceed the client's timeout), then
   * destroys the connection; the hold ends early when the client gives up and closes it. `forward: true`
   * sends the request to the emulator first (the call executes, unheard).
   */
  | { kind: "timeout"; holdMs?: number; forward?: boolean }
  /** Waits `ms` before going on; adds to whatever else applies to the request. */
  | { kind: "latency"; ms: number }
  /** Destroys the connection without answering; the emulator never sees the call. */
  | { kind: "drop" }
  /** Forwards the call, waits for the emulator's full answer, then destroys the connection unanswered. */
  | { kind: "drop-after-forward" };

/**
 * One fault and when it applies. A rule counts the requests it matches (service and operation), from 1,
 * since it was installed (`setRules`), retries included (each attempt is a request). Its fault applies to
 * a matching request when every given condition holds: `armed`, `calls`, `from`/`to`, `probability`,
 * `times`. Without conditions it applies to every matching request. When several rules fire on one request,
 * their latencies add up and the first other fault (in rule order) decides. Rules see only recognised AWS
 * calls: anything else (moto's `/moto-api/...`) always goes through untouched.
 */
export interface FaultRule {
  /** Names the rule for `arm`/`disarm` and in the log. */
  id?: string;
  /** Normalized service name (`dynamodb`, `ecs`, `monitoring`, `autoscaling`, `events`); `*` globs; default all. */
  service?: string | readonly string[];
  /** Operation name (`UpdateService`); `*` globs (`Put*`); default all. */
  operation?: string | readonly string[];
  /** The fault; a bare kind uses its defaults (`latency` needs its `ms`). */
  fault: Fault | Exclude<FaultKind, "latency">;
  /** Only these matching requests (1-based), e.g. `[2, 3]` for the 2nd and 3rd. */
  calls?: readonly number[];
  /** Only matching requests numbered `from` and later (1-based, inclusive). */
  from?: number;
  /** Only matching requests numbered up to `to` (inclusive). */
  to?: number;
  /**
   * Each matching request faults with this probability, drawn from the rule's own PRNG seeded by the proxy's
   * seed and the rule's position: whether request n faults depends only on (seed, position, n).
   */
  probability?: number;
  /** At most this many injections. */
  times?: number;
  /** Default true. A rule installed with `armed: false` applies only between `arm(id)` and `disarm(id)`. */
  armed?: boolean;
}

/** One request as the proxy saw and handled it; entries of in-flight requests are still filling in. */
export interface FaultProxyLogEntry {
  /** 1-based over the proxy's life. */
  seq: number;
  service: string;
  operation: string;
  protocol: RequestIdentity["protocol"];
  /** The SDK's attempt number (`amz-sdk-request: attempt=N`), when sent. */
  attempt: number | undefined;
  /** Faults applied, in order (latency first); empty when the request went through untouched. */
  faults: FaultKind[];
  /** Ids (or `#index`) of the rules that applied them. */
  rules: string[];
  /** True once the emulator has answered the request (so it executed it). */
  forwarded: boolean;
  /** The emulator's status, when it answered. */
  upstreamStatus: number | undefined;
  /** The status the client received; undefined when it got no answer (timeout, drop) or none yet. */
  status: number | undefined;
  /** Set once the proxy is done with the request. */
  done: boolean;
  /** An upstream failure (the client then gets a 502). */
  error?: string;
}

export interface FaultProxyCounts {
  /** Requests by `service:Operation`. */
  byOperation: Record<string, number>;
  /** Injected faults by kind (a request with latency and a throttle counts once in each). */
  byFault: Partial<Record<FaultKind, number>>;
}

export interface FaultProxy {
  /** `http://127.0.0.1:PORT`: give it to SDK clients as `endpoint` (or as AWS_ENDPOINT_URL). */
  readonly endpoint: string;
  /** Replaces all rules; the rules' call counters, `times` budgets and PRNGs start afresh (the log stays). */
  setRules(rules: readonly FaultRule[]): void;
  /** Removes every rule: traffic passes untouched from now on (the log is kept). */
  clear(): void;
  /** Turns on the rule with this id (see `FaultRule.armed`); throws on an unknown id. */
  arm(id: string): void;
  /** Turns off the rule with this id; throws on an unknown id. */
  disarm(id: string): void;
  /** A snapshot of the request log, oldest first. */
  log(): FaultProxyLogEntry[];
  /** Log entries for one service (and operation), e.g. to count the attempts of a call. */
  requests(service: string, operation?: string): FaultProxyLogEntry[];
  /** Requests by `service:Operation` and faults by kind. */
  counts(): FaultProxyCounts;
  /** How many faults were injected (of one kind). */
  faultsInjected(kind?: FaultKind): number;
  /** Empties the log and the counts (rules and their counters are unchanged). */
  resetLog(): void;
  /** Stops listening and destroys every open connection, held request and pending timer. */
  close(): Promise<void>;
}

export interface FaultProxyOptions {
  /** The emulator's base URL, e.g. `process.env.AWS_ENDPOINT_URL`. */
  target: string;
  /** Seeds the probability rules' PRNGs (default 1). */
  seed?: number;
  /** Rules to start with (default none). */
  rules?: readonly FaultRule[];
  /** Send the target's host as Host instead of the client's (breaks SigV4 for a checking server). */
  rewriteHost?: boolean;
}

const DEFAULT_HOLD_MS = 10_000;
const HOP_BY_HOP = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
]);

interface RuleState {
  label: string;
  rule: FaultRule;
  fault: Fault;
  service: RegExp;
  operation: RegExp;
  matched: number;
  injected: number;
  armed: boolean;
  random: () => number;
}

/** One request in flight. */
interface Exchange {
  req: IncomingMessage;
  res: ServerResponse;
  body: Buffer;
  identity: RequestIdentity;
  entry: FaultProxyLogEntry;
}

interface Upstream {
  status: number;
  rawHeaders: string[];
  body: Buffer;
}

/** Starts a proxy on a free 127.0.0.1 port in front of `target`. */
export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const transport = target.protocol === "https:" ? https : http;
  const agent = new transport.Agent({ keepAlive: false });
  const seed = options.seed ?? 1;
  const basePath = target.pathname.replace(/\/+$/, "");

  let rules: RuleState[] = [];
  let entries: FaultProxyLogEntry[] = [];
  let byOperation: Record<string, number> = {};
  let byFault: Partial<Record<FaultKind, number>> = {};
  let seq = 0;
  let closed = false;
  const sockets = new Set<Socket>();
  const waits = new Set<() => void>();

  /** Resolves after `ms`, or at once when the proxy closes or `until` emits `close`. */
  function wait(ms: number, until?: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        waits.delete(done);
        until?.off("close", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      waits.add(done);
      until?.once("close", done);
    });
  }

  function setRules(next: readonly FaultRule[]): void {
    const problems = next.flatMap((rule, index) => validateRule(rule).map((p) => `rule ${index}: ${p}`));
    if (problems.length > 0) throw new Error(`invalid fault rules:\n${problems.join("\n")}`);
    rules = next.map((rule, index) => ({
      label: rule.id ?? `#${index}`,
      rule,
      fault: typeof rule.fault === "string" ? { kind: rule.fault } : rule.fault,
      service: globs(rule.service, normalizeService),
      operation: globs(rule.operation, (s) => s),
      matched: 0,
      injected: 0,
      armed: rule.armed ?? true,
      random: mulberry32(mix(seed, index)),
    }));
  }

  function ruleById(id: string): RuleState {
    const state = rules.find((r) => r.rule.id === id);
    if (state === undefined) {
      throw new Error(`no fault rule with id "${id}" (have: ${rules.map((r) => r.label).join(", ")})`);
    }
    return state;
  }

  /** Advances every matching rule's counter (and PRNG) and returns the faults that apply, latency first. */
  function decide(identity: RequestIdentity): { faults: Fault[]; labels: string[] } {
    const latency: RuleState[] = [];
    let decisive: RuleState | undefined;
    if (identity.protocol === "other") return { faults: [], labels: [] };
    for (const state of rules) {
      if (!state.service.test(identity.service) || !state.operation.test(identity.operation)) continue;
      state.matched += 1;
      const n = state.matched;
      const { calls, from, to, probability, times } = state.rule;
      // Drawn for every matching request, so a rule's pattern does not depend on its other conditions.
      const draw = probability === undefined ? 0 : state.random();
      const fires =
        state.armed &&
        (calls === undefined || calls.includes(n)) &&
        (from === undefined || n >= from) &&
        (to === undefined || n <= to) &&
        (probability === undefined || draw < probability) &&
        (times === undefined || state.injected < times);
      if (!fires) continue;
      if (state.fault.kind === "latency") latency.push(state);
      else if (decisive === undefined) decisive = state;
    }
    const applied = decisive === undefined ? latency : [...latency, decisive];
    for (const state of applied) state.injected += 1;
    return { faults: applied.map((s) => s.fault), labels: applied.map((s) => s.label) };
  }

  function forward(req: IncomingMessage, body: Buffer): Promise<Upstream> {
    return new Promise((resolve, reject) => {
      const upstream = transport.request(
        {
          protocol: target.protocol,
          hostname: target.hostname,
          port: target.port,
          method: req.method,
          path: basePath + (req.url ?? "/"),
          headers: upstreamHeaders(
            req.rawHeaders,
            body.length,
            options.rewriteHost ? target.host : undefined,
          ),
          setHost: false,
          agent,
        },
        (response) => {
          const chunks: Buffer[] = [];
          response.on("data", (chunk: Buffer) => chunks.push(chunk));
          response.on("error", reject);
          response.on("end", () =>
            resolve({
              status: response.statusCode ?? 502,
              rawHeaders: response.rawHeaders,
              body: Buffer.concat(chunks),
            }),
          );
        },
      );
      upstream.on("error", reject);
      upstream.end(body);
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const identity = identifyRequest({
      method: req.method ?? "GET",
      url: req.url ?? "/",
      headers: req.headers,
      body,
    });
    const { faults, labels } = decide(identity);
    seq += 1;
    const entry: FaultProxyLogEntry = {
      seq,
      service: identity.service,
      operation: identity.operation,
      protocol: identity.protocol,
      attempt: sdkAttempt(req.headers["amz-sdk-request"]),
      faults: faults.map((f) => f.kind),
      rules: labels,
      forwarded: false,
      upstreamStatus: undefined,
      status: undefined,
      done: false,
    };
    entries.push(entry);
    const key = `${identity.service}:${identity.operation}`;
    byOperation[key] = (byOperation[key] ?? 0) + 1;
    for (const fault of faults) byFault[fault.kind] = (byFault[fault.kind] ?? 0) + 1;
    try {
      await act({ req, res, body, identity, entry }, faults);
    } finally {
      entry.done = true;
    }
  }

  /** Waits out the latency faults, then applies the decisive one (or forwards). */
  async function act(x: Exchange, faults: readonly Fault[]): Promise<void> {
    let decisive: Fault | undefined;
    for (const fault of faults) {
      if (fault.kind === "latency") await wait(fault.ms, x.res);
      else decisive = fault;
    }
    if (closed || x.req.socket.destroyed) return;
    const { service, operation, protocol } = x.identity;
    switch (decisive?.kind) {
      case undefined:
        relay(x, await send(x));
        return;
      case "throttle":
        answerError(x, renderError(protocol, service, throttlingError(service, operation, decisive.code)));
        return;
      case "server-error":
        answerError(
          x,
          renderError(protocol, service, serverError(service, decisive.status ?? 500, decisive.code)),
        );
        return;
      case "timeout": {
        const started = Date.now();
        if (decisive.forward) await send(x);
        await wait(Math.max(0, (decisive.holdMs ?? DEFAULT_HOLD_MS) - (Date.now() - started)), x.res);
        x.req.socket.destroy();
        return;
      }
      case "drop":
        x.req.socket.destroy();
        return;
      case "drop-after-forward":
        await send(x);
        x.req.socket.destroy();
        return;
    }
  }

  /** Forwards the request; records the emulator's status, or the failure (then returns undefined). */
  async function send(x: Exchange): Promise<Upstream | undefined> {
    try {
      const upstream = await forward(x.req, x.body);
      x.entry.forwarded = true;
      x.entry.upstreamStatus = upstream.status;
      return upstream;
    } catch (error) {
      x.entry.error = error instanceof Error ? error.message : String(error);
      return undefined;
    }
  }

  function relay(x: Exchange, upstream: Upstream | undefined): void {
    if (upstream === undefined) {
      const text = `fault proxy: ${options.target} failed: ${x.entry.error ?? "unknown error"}`;
      answer(x, 502, { "Content-Type": "text/plain" }, Buffer.from(text));
    } else {
      answer(x, upstream.status, responseHeaders(upstream.rawHeaders, upstream.body.length), upstream.body);
    }
  }

  function answerError(x: Exchange, error: ErrorResponse): void {
    answer(x, error.status, error.headers, error.body);
  }

  function answer(
    x: Exchange,
    status: number,
    headers: Record<string, string> | string[],
    payload: Buffer,
  ): void {
    if (x.req.socket.destroyed) return;
    x.entry.status = status;
    x.res.writeHead(status, headers);
    x.res.end(payload);
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch(() => req.socket.destroy());
  });
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });
  server.listen(0, "127.0.0.1");
  await new Promise<void>((resolve, reject) => {
    server.once("listening", resolve);
    server.once("error", reject);
  });
  const { port } = server.address() as AddressInfo;

  setRules(options.rules ?? []);

  return {
    endpoint: `http://127.0.0.1:${port}`,
    setRules,
    clear: () => setRules([]),
    arm: (id) => {
      ruleById(id).armed = true;
    },
    disarm: (id) => {
      ruleById(id).armed = false;
    },
    log: () => entries.map((e) => ({ ...e, faults: [...e.faults], rules: [...e.rules] })),
    requests: (service, operation) =>
      entries
        .filter(
          (e) =>
            e.service === normalizeService(service) && (operation === undefined || e.operation === operation),
        )
        .map((e) => ({ ...e, faults: [...e.faults], rules: [...e.rules] })),
    counts: () => ({ byOperation: { ...byOperation }, byFault: { ...byFault } }),
    faultsInjected: (kind) =>
      kind === undefined
        ? Object.values(byFault).reduce((sum, n) => sum + (n ?? 0), 0)
        : (byFault[kind] ?? 0),
    resetLog: () => {
      entries = [];
      byOperation = {};
      byFault = {};
    },
    async close() {
      if (closed) return;
      closed = true;
      for (const release of [...waits]) release();
      const stopped = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const socket of sockets) socket.destroy();
      agent.destroy();
      await stopped;
    },
  };
}

function validateRule(rule: FaultRule): string[] {
  const problems: string[] = [];
  const fault = typeof rule.fault === "string" ? { kind: rule.fault } : rule.fault;
  const kinds: FaultKind[] = ["throttle", "server-error", "timeout", "latency", "drop", "drop-after-forward"];
  if (!kinds.includes(fault.kind)) problems.push(`unknown fault kind "${fault.kind}"`);
  if (fault.kind === "latency" && !(Number.isFinite(fault.ms) && fault.ms >= 0)) {
    problems.push("latency needs ms >= 0");
  }
  if (rule.probability !== undefined && !(rule.probability >= 0 && rule.probability <= 1)) {
    problems.push("probability must be within [0, 1]");
  }
  if (rule.calls?.some((n) => !Number.isInteger(n) || n < 1)) problems.push("calls are 1-based integers");
  if (rule.from !== undefined && rule.to !== undefined && rule.from > rule.to) problems.push("from > to");
  if (rule.times !== undefined && !(Number.isInteger(rule.times) && rule.times >= 0)) {
    problems.push("times must be an integer >= 0");
  }
  return problems;
}

/** One case-sensitive regexp for a glob or list of globs (`*` any run, `?` one character). */
function globs(patterns: string | readonly string[] | undefined, normalize: (s: string) => string): RegExp {
  const list = patterns === undefined ? ["*"] : typeof patterns === "string" ? [patterns] : patterns;
  const alternatives = list.map((p) =>
    normalize(p)
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, "."),
  );
  return new RegExp(`^(?:${alternatives.join("|")})$`);
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => resolve(Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

/** The client's headers minus hop-by-hop ones, with a Content-Length for the buffered body. */
function upstreamHeaders(raw: readonly string[], length: number, host: string | undefined): string[] {
  const out: string[] = [];
  let hasLength = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === "content-length") hasLength = true;
    out.push(name, lower === "host" && host !== undefined ? host : (raw[i + 1] ?? ""));
  }
  if (!hasLength && length > 0) out.push("Content-Length", String(length));
  return out;
}

/** The emulator's headers minus hop-by-hop ones, with a Content-Length for the buffered body. */
function responseHeaders(raw: readonly string[], length: number): string[] {
  const out: string[] = [];
  let hasLength = false;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] ?? "";
    const lower = name.toLowerCase();
    if (HOP_BY_HOP.has(lower)) continue;
    if (lower === "content-length") hasLength = true;
    out.push(name, raw[i + 1] ?? "");
  }
  if (!hasLength) out.push("Content-Length", String(length));
  return out;
}

function sdkAttempt(header: string | string[] | undefined): number | undefined {
  const match = /attempt=(\d+)/.exec(typeof header === "string" ? header : "");
  return match?.[1] === undefined ? undefined : Number(match[1]);
}

/** Mixes the proxy seed with a rule's position into a 32-bit PRNG seed. */
function mix(seed: number, index: number): number {
  let h = (Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) + Math.imul(index + 1, 0xc2b2ae35)) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d) >>> 0;
  return (h ^ (h >>> 15)) >>> 0;
}

/** Small deterministic PRNG (mulberry32): uniform floats in [0, 1). */
function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
