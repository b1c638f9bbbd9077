import type { AgentDay } from '@turnero/protocol';

/** The agent's own figures for the day; refreshed when the desk opens and after each ticket ends. */
export class MyDayState {
  day = $state.raw<AgentDay | null>(null);
  readonly #load: () => Promise<AgentDay>;
  /** The latest refresh asked; only its answer applies. */
  #latest = 0;

  constructor(load: () => Promise<AgentDay>) {
    this.#load = load;
  }

  async refresh(): Promise<void> {
    const asked = ++this.#latest;
    try {
      const day = await this.#load();
      // NOTE: refreshes overlap (a finish, then its rating); an older answer arriving late would put back older figures.
      if (asked === this.#latest) this.day = day;
    } catch {
      // NOTE: figures are a courtesy: the last ones stay until the next refresh succeeds.
    }
  }
}
