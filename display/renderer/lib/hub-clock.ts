/**
 * The hub's time as seen from this screen, for the clock and for "how old is this missed call".
 * The offset is learnt from live events' `at`: delivery delay only makes a sample smaller, so the
 * largest sample is the best estimate. Until an event is seen, the local clock is used.
 */
export class HubClock {
  #offsetMs: number | null = null;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** A live event stamped `hubAt` (hub time) arrived now. */
  observe(hubAt: number): void {
    const sample = hubAt - this.localNow();
    if (this.#offsetMs === null || sample > this.#offsetMs) this.#offsetMs = sample;
  }

  now(): number {
    return this.localNow() + (this.#offsetMs ?? 0);
  }
}
