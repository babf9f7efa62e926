import type { ForecastStore } from "../../shared/engine/ports/ForecastStore";
import type { Forecast } from "../../shared/forecast/Forecast";

/**
 * The simulator's forecast items: as InMemoryForecastStore, but a forecast is copied and frozen once when
 * put and then shared by every read (the engine reads it each round; copying 576 slots 130 000 times in a
 * 15-day run would cost seconds). Frozen, so no reader can change what another sees.
 */
export class SimForecastStore implements ForecastStore {
  private readonly items = new Map<string, Forecast>();
  puts = 0;

  async get(targetId: string): Promise<Forecast | undefined> {
    return this.items.get(targetId);
  }

  async getMany(targetIds: readonly string[]): Promise<Map<string, Forecast>> {
    const out = new Map<string, Forecast>();
    for (const id of targetIds) {
      const forecast = this.items.get(id);
      if (forecast !== undefined) out.set(id, forecast);
    }
    return out;
  }

  async put(targetId: string, forecast: Forecast): Promise<void> {
    this.puts++;
    this.items.set(targetId, Object.freeze({ ...forecast, values: Object.freeze([...forecast.values]) }));
  }
}
