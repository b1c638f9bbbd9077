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
    this.#tokens = Math.min(this.capacity, this.#tokens + ((now - this.#at) * this.perMinute) / 60_000);
    this.#at = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}

/** Failed sign-in or pairing attempts per remote address: at most `max` per `windowMs`. */
export class AttemptLimiter {
  readonly #failures = new Map<string, number[]>();

  constructor(
    readonly max: number,
    readonly windowMs: number,
  ) {}

  blocked(key: string, now: number): boolean {
    const recent = (this.#failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
    if (recent.length === 0) this.#failures.delete(key);
    else this.#failures.set(key, recent);
    return recent.length >= this.max;
  }

  fail(key: string, now: number): void {
    const list = this.#failures.get(key) ?? [];
    list.push(now);
    this.#failures.set(key, list);
  }
}
