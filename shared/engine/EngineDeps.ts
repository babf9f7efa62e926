import type { EngineMemory } from "./EngineMemory";
import type { CapacityScaler } from "./ports/CapacityScaler";
import type { Clock } from "./ports/Clock";
import type { DecisionLog } from "./ports/DecisionLog";
import type { EvaluationObserver } from "./ports/EvaluationObserver";
import type { ForecastStore } from "./ports/ForecastStore";
import type { MetricsSource } from "./ports/MetricsSource";
import type { ApplicationScalingReader, CapacityProviderReader } from "./ports/OtherControllers";
import type { PolicyStore } from "./ports/PolicyStore";
import type { ServiceScaler } from "./ports/ServiceScaler";
import type { StateStore } from "./ports/StateStore";

/** Everything an evaluation needs, as ports: adapters in the functions, in-memory fakes in the simulator. */
export interface EngineDeps {
  readonly policies: PolicyStore;
  readonly states: StateStore;
  readonly metrics: MetricsSource;
  readonly services: ServiceScaler;
  readonly capacity: CapacityScaler;
  readonly log: DecisionLog;
  /**
   * Who else scales the services and groups (one controller per service): Application Auto Scaling and
   * capacity providers' managed scaling. Absent (the simulator, in-memory tests): nothing else does.
   */
  readonly appScaling?: ApplicationScalingReader;
  readonly capacityProviders?: CapacityProviderReader;
  readonly clock: Clock;
  readonly observer: EvaluationObserver;
  /**
   * The stored load forecasts (the forecast function writes them hourly), read for targets whose
   * `predictive.mode` is not off. Without it no target has a forecast floor.
   */
  readonly forecasts?: ForecastStore;
  /**
   * What this process remembers between rounds (history appended, validated policies): one per Lambda
   * container, CLI process or simulation (createEngineMemory), never shared module state.
   */
  readonly memory: EngineMemory;
  /** Deploy-time ceilings no policy edit can exceed. */
  readonly ceilings: { readonly maxReplicas?: number; readonly maxGpus?: number };
  /** API calls made so far (from the SDK middleware), so each round reports its own. */
  readonly calls?: {
    /** The counts so far, as a copy: later calls do not change it. */
    snapshot(): Readonly<Record<string, number>>;
  };
  /**
   * How long an unapplied action belongs to the evaluation that decided it before another one
   * takes it over (crash repair). Longer than any decide-to-act gap. @default 60
   */
  readonly actionGraceS?: number;
  /** Targets committed and acted on in parallel. @default 16 */
  readonly concurrency?: number;
  /**
   * Unique ids, one per round: each evaluation id is `target:version:id` (tests and the simulator pass a
   * deterministic one). @default crypto.randomUUID
   */
  readonly newId?: () => string;
}
