/** How long a sample counts: a local clock set right or wrong meanwhile is forgotten within this. */
const WINDOW_MS = 5 * 60_000;
const MAX_SAMPLES = 256;

/**
 * The hub's time as seen from this screen, for clocks, timers and "how old is this call". A screen's
 * own clock may be far off (a mini-PC with a dead clock battery boots in another year; no internet,
 * no time server), so the offset is learnt from the hub's timestamps — events, and the queue
 * figures the hub sends right after every (re)subscribe and whenever they change. Delivery delay
 * only makes a sample smaller, so the largest recent sample is the best estimate; only samples of
 * the last few minutes count, so a local clock that is set (forwards or back) is followed instead
 * of leaving a stale offset for the rest of the day. With no recent sample the last estimate
 * stands; before any, the local clock is used.
 */
export class HubClock {
  #samples: { local: number; offset: number }[] = [];
  #offsetMs: number | null = null;

  constructor(private readonly localNow: () => number = Date.now) {}

  /** Something stamped `hubAt` (hub time) arrived now. */
  observe(hubAt: number): void {
    const local = this.localNow();
    this.#samples.push({ local, offset: hubAt - local });
    if (this.#samples.length > MAX_SAMPLES) this.#samples.shift();
    this.#estimate(local);
  }

  /** Forget what was learnt (another hub). */
  reset(): void {
    this.#samples = [];
    this.#offsetMs = null;
  }

  /** The hub's time now. */
  now(): number {
    const local = this.localNow();
    this.#estimate(local);
    return local + (this.#offsetMs ?? 0);
  }

  /** The hub's time for a local time. */
  toServer(localMs: number): number {
    this.#estimate(this.localNow());
    return localMs + (this.#offsetMs ?? 0);
  }

  #estimate(local: number): void {
    // A sample taken "in the future" means the local clock was set back; an old one may predate a change.
    this.#samples = this.#samples.filter((s) => s.local <= local && local - s.local <= WINDOW_MS);
    if (this.#samples.length > 0) this.#offsetMs = Math.max(...this.#samples.map((s) => s.offset));
  }
}
