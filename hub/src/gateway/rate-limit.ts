/** A token bucket: `capacity` at once, refilled at `perMinute`. Time is passed in. */
export class TokenBucket {
  #tokens: number;
  #at: number;

  constructor(
    readonly capacity: number,
    readonly perMinute: number,
    now: number,
  ) {
    this.#tokens = capacity;
    this.#at = now;
  }

  take(now: number): boolean {
    // A clock set back refills nothing (and takes nothing away): the refill counts from the new time.
    this.#tokens = Math.min(this.capacity, this.#tokens + (Math.max(0, now - this.#at) * this.perMinute) / 60_000);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Past this many keys, an attempt's failure sweeps out the stale ones. */
const SWEEP_OVER = 1000;

/** Failed sign-in or pairing attempts per key (an address and a name): at most `max` per `windowMs`. */
export class AttemptLimiter {
  readonly #failures = new Map<string, number[]>();
  /** Attempts begun and not yet answered, per key: a password check takes a while, and guesses sent side by side must count before their answers. */
  readonly #pending = new Map<string, number>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  /** Starts an attempt, or refuses it (false) when the recent failures plus the attempts still being checked reach `max`. */
  begin(key: string, now: number): boolean {
    // Failures stamped ahead of `now` (the clock was then set back) are dropped, not kept for the size of the step.
    const recent = (this.#failures.get(key) ?? []).filter((t) => now - t < this.windowMs && t <= now);
    if (recent.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, recent);
    const pending = this.#pending.get(key) ?? 0;
    if (recent.length + pending >= this.max) return false;
    this.#pending.set(key, pending + 1);
    return true;
  }

  /** Ends an attempt `begin` let through; a failed one counts for `windowMs`. */
  end(key: string, now: number, failed: boolean): void {
    const pending = (this.#pending.get(key) ?? 1) - 1;
    if (pending > 0) this.#pending.set(key, pending);
    else this.#pending.delete(key);
    if (!failed) return;
    const list = this.#failures.get(key) ?? [];
    list.push(now);
    this.#failures.set(key, list);
    if (this.#failures.size > SWEEP_OVER) this.#sweep(now);
  }

  /** How many keys it holds failures for (bounded: see `#sweep`). */
  get keys(): number {
    return this.#failures.size;
  }

  /** Drops the keys whose failures are all past the window: a key is otherwise pruned only when it comes back. */
  #sweep(now: number): void {
    for (const [key, list] of this.#failures) if (list.every((t) => now - t >= this.windowMs)) this.#failures.delete(key);
  }
}
