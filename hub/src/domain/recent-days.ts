/**
 * Per-day values for the last `kept` local days (YYYY-MM-DD) something was recorded on, in the
 * order they were first recorded on — not by date. An office's live state needs only its latest
 * days, and one running for months would otherwise hold a value for every day it has served; and a
 * clock set days ahead and then put right must not make today's value the oldest by date and drop
 * it (day counters would reuse today's numbers; idempotency keys would let a retry take a second
 * ticket).
 */
export class RecentDays<V> {
  readonly #days = new Map<string, V>();

  constructor(
    readonly kept: number,
    readonly create: () => V,
  ) {}

  get(day: string): V | undefined {
    return this.#days.get(day);
  }

  /** The day's value, made on the first use of the day, when the day first recorded on beyond `kept` is dropped. */
  at(day: string): V {
    let value = this.#days.get(day);
    if (value === undefined) {
      this.#days.set(day, (value = this.create()));
      for (const old of this.#days.keys()) if (this.#days.size > this.kept) this.#days.delete(old);
    }
    return value;
  }

  /** The days held, the first recorded on first. */
  days(): string[] {
    return [...this.#days.keys()];
  }

  /** [day, value] in the days' order. */
  entries(): IterableIterator<[string, V]> {
    return this.#days.entries();
  }

  values(): IterableIterator<V> {
    return this.#days.values();
  }
}
