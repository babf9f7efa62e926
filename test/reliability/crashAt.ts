/**
 * Simulated crashes of one evaluation, injected by wrapping its ports.
 *
 * How a crash is modelled: a real Lambda that dies at some step runs nothing after it. The engine, though,
 * catches errors from the AWS calls it makes after its state write (an ECS error is recorded on the action,
 * a failed history append is logged), so throwing an exception from a port would let the rest of the
 * evaluation run, which a dead Lambda would not. Instead the wrapper freezes the evaluation: at the chosen
 * call (before it reaches the port, or after it took effect but before the caller hears back) the
 * evaluation's `crashed` promise rejects with a SimulatedCrash, and that call and every later call of any
 * of its ports never settles. Nothing the evaluation would still have done reaches the world; what it had
 * already written stays written. The frozen evaluation's promises are abandoned (they hold no timers).
 */
import type { EngineDeps } from "../../shared/engine/EngineDeps";

export class SimulatedCrash extends Error {
  override name = "SimulatedCrash";
}

/** The ports a crash can be placed on (the world the evaluation changes or reads). */
export type CrashPort = "policies" | "states" | "metrics" | "services" | "capacity" | "log";

export interface CrashPoint {
  readonly port: CrashPort;
  readonly method: string;
  /** `before`: the call never reaches the port; `after`: it takes effect and the caller never hears back. */
  readonly when: "before" | "after";
  /** Which of the matching calls dies, 1-based (default 1). */
  readonly nth?: number;
  /** Only calls whose first argument is this (a target id, cluster or group name). */
  readonly firstArg?: string;
}

export type CrashRun<T> =
  | { readonly crashed: true; readonly error: SimulatedCrash }
  | { readonly crashed: false; readonly value: T };

export interface CrashingDeps {
  /** `deps` with every port wrapped. */
  readonly deps: EngineDeps;
  /** Whether the crash point was reached. */
  fired(): boolean;
  /** Runs `work` on the wrapped deps until it finishes or the crash freezes it. */
  run<T>(work: (deps: EngineDeps) => Promise<T>): Promise<CrashRun<T>>;
}

const PORTS: readonly CrashPort[] = ["policies", "states", "metrics", "services", "capacity", "log"];

/** Wraps every port of `deps` so that the evaluation dies at `point`. */
export function crashAt(deps: EngineDeps, point: CrashPoint): CrashingDeps {
  const never = new Promise<never>(() => {});
  let dead = false;
  let matched = 0;
  let reject: (error: SimulatedCrash) => void = () => {};
  const crashed = new Promise<never>((_, r) => {
    reject = r;
  });
  crashed.catch(() => {});
  const label = `${point.when} ${point.port}.${point.method}${point.nth ? ` #${point.nth}` : ""}`;
  const die = (): Promise<never> => {
    dead = true;
    reject(new SimulatedCrash(`simulated crash ${label}`));
    return never;
  };

  const wrap = <P extends object>(name: CrashPort, port: P): P =>
    new Proxy(port, {
      get(target, prop, receiver) {
        const value: unknown = Reflect.get(target, prop, receiver);
        if (typeof value !== "function") return value;
        return (...args: unknown[]): Promise<unknown> => {
          if (dead) return never;
          const matches =
            name === point.port &&
            prop === point.method &&
            (point.firstArg === undefined || args[0] === point.firstArg) &&
            ++matched === (point.nth ?? 1);
          if (matches && point.when === "before") return die();
          return Promise.resolve((value as (...a: unknown[]) => unknown).apply(target, args)).then(
            (result) => (dead ? never : matches ? die() : result),
            (error: unknown) => (dead ? never : Promise.reject(error)),
          );
        };
      },
    });

  const wrapped = { ...deps } as Record<string, unknown>;
  for (const name of PORTS) wrapped[name] = wrap(name, deps[name]);
  const crashingDeps = wrapped as unknown as EngineDeps;
  return {
    deps: crashingDeps,
    fired: () => dead,
    async run<T>(work: (d: EngineDeps) => Promise<T>): Promise<CrashRun<T>> {
      return Promise.race([
        work(crashingDeps).then((value): CrashRun<T> => ({ crashed: false, value })),
        crashed.catch((error: SimulatedCrash): CrashRun<T> => ({ crashed: true, error })),
      ]);
    },
  };
}
