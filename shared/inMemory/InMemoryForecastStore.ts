import type { ForecastStore } from "../engine/ports/ForecastStore";
import type { Forecast } from "../forecast/Forecast";

/** A ForecastStore in memory (simulator, tests); values are copied in and out, as a table would. */
export class InMemoryForecastStore implements ForecastStore {
  private readonly items = new Map<string, Forecast>();

  async get(targetId: string): Promise<Forecast | undefined> {
    const forecast = this.items.get(targetId);
    return forecast === undefined ? undefined : structuredClone(forecast);
  }

  async getMany(targetIds: readonly string[]): Promise<Map<string, Forecast>> {
    const out = new Map<string, Forecast>();
    for (const id of targetIds) {
      const forecast = this.items.get(id);
      if (forecast !== undefined) out.set(id, structuredClone(forecast));
    }
    return out;
  }

  async put(targetId: string, forecast: Forecast): Promise<void> {
    this.items.set(targetId, structuredClone(forecast));
  }
}
