/**
 * The hub's time as seen from this page. Timers (waited, serving) subtract hub timestamps from
 * "now", so a page whose clock is off would show wrong times: the offset is estimated from the
 * `at` of events as they arrive. Delivery delay only makes a sample smaller, so the largest
 * sample seen is the best estimate.
 */
export class ServerClock {
  #offsetMs: number | null = null;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** Records that an event stamped `serverAt` arrived now. */
  observe(serverAt: number): void {
    const sample = serverAt - this.localNow();
    if (this.#offsetMs === null || sample > this.#offsetMs) this.#offsetMs = sample;
  }

  /** Forget what was learnt (a new hub, a new snapshot). */
  reset(): void {
    this.#offsetMs = null;
  }

  /** The hub's time for a local time. */
  toServer(localMs: number): number {
    return localMs + (this.#offsetMs ?? 0);
  }
}
