import type { AgentDay } from '@turnero/protocol';

/** The agent's own figures for the day; refreshed when the desk opens and after each ticket ends. */
export class MyDayState {
  day = $state.raw<AgentDay | null>(null);
  readonly #load: () => Promise<AgentDay>;

  constructor(load: () => Promise<AgentDay>) {
    this.#load = load;
  }

  async refresh(): Promise<void> {
    try {
      this.day = await this.#load();
    } catch {
      // NOTE: figures are a courtesy: the last ones stay until the next refresh succeeds.
    }
  }
}
