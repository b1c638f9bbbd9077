import { RecentDays } from './recent-days.ts';

/**
 * The last ticket number given per service and local day (SPEC N1), for the last KEPT_DAYS days
 * tickets were issued on, in the order they were first issued on (see RecentDays): numbering needs
 * only today's, and a clock set days ahead and then corrected must still find today's counter, or
 * the next ticket would reuse one of today's numbers.
 */
export class DayCounters {
  static readonly KEPT_DAYS = 3;
  /** Per local day, service id → last sequence, and letter → the highest sequence numbered with it. */
  readonly #days = new RecentDays<{ services: Map<string, number>; prefixes: Map<string, number> }>(DayCounters.KEPT_DAYS, () => ({ services: new Map(), prefixes: new Map() }));

  get(serviceId: string, day: string): number | undefined {
    return this.#days.get(day)?.services.get(serviceId);
  }

  /**
   * The day's next sequence for a service numbered with `prefix`: past its own counter and past
   * every number given with that letter (a letter reused that day by another service — one retired,
   * two swapping letters — must not give a number twice).
   */
  next(serviceId: string, prefix: string, day: string): number {
    const held = this.#days.get(day);
    return Math.max(held?.services.get(serviceId) ?? 0, held?.prefixes.get(prefix) ?? 0) + 1;
  }

  /** Records that `prefix` reached `sequence` that day (a ticket numbered with it); never lowers it. */
  raisePrefix(prefix: string, day: string, sequence: number): void {
    const prefixes = this.#days.at(day).prefixes;
    prefixes.set(prefix, Math.max(prefixes.get(prefix) ?? 0, sequence));
  }

  /** Whether the day's counters are held (a day not held may still have counters in the store). */
  holds(day: string): boolean {
    return this.#days.get(day) !== undefined;
  }

  /** Records `sequence` for the service's day; never lowers a counter. */
  raise(serviceId: string, day: string, sequence: number): void {
    const services = this.#days.at(day).services;
    services.set(serviceId, Math.max(services.get(serviceId) ?? 0, sequence));
  }

  /** The days held, the first issued on first. */
  days(): string[] {
    return this.#days.days();
  }

  /** Every counter held, as [day, service id, last sequence], in the days' order. */
  entries(): [string, string, number][] {
    return [...this.#days.entries()].flatMap(([day, { services }]) => [...services].map(([serviceId, last]): [string, string, number] => [day, serviceId, last]));
  }

  /** Every letter's highest sequence held, as [day, prefix, sequence], in the days' order. */
  prefixEntries(): [string, string, number][] {
    return [...this.#days.entries()].flatMap(([day, { prefixes }]) => [...prefixes].map(([prefix, last]): [string, string, number] => [day, prefix, last]));
  }
}
