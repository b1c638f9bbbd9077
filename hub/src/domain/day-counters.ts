import { RecentDays } from './recent-days.ts';

/**
 * The last ticket number given per service and local day (SPEC N1), for the last KEPT_DAYS days
 * tickets were issued on, in the order they were first issued on (see RecentDays): numbering needs
 * only today's, and a clock set days ahead and then corrected must still find today's counter, or
 * the next ticket would reuse one of today's numbers.
 */
export class DayCounters {
  static readonly KEPT_DAYS = 3;
  /** Per local day, service id → last sequence. */
  readonly #days = new RecentDays<Map<string, number>>(DayCounters.KEPT_DAYS, () => new Map());

  get(serviceId: string, day: string): number | undefined {
    return this.#days.get(day)?.get(serviceId);
  }

  /** Whether the day's counters are held (a day not held may still have counters in the store). */
  holds(day: string): boolean {
    return this.#days.get(day) !== undefined;
  }

  /** Records `sequence` for the service's day; never lowers a counter. */
  raise(serviceId: string, day: string, sequence: number): void {
    const services = this.#days.at(day);
    services.set(serviceId, Math.max(services.get(serviceId) ?? 0, sequence));
  }

  /** The days held, the first issued on first. */
  days(): string[] {
    return this.#days.days();
  }

  /** Every counter held, as [day, service id, last sequence], in the days' order. */
  entries(): [string, string, number][] {
    return [...this.#days.entries()].flatMap(([day, services]) => [...services].map(([serviceId, last]): [string, string, number] => [day, serviceId, last]));
  }
}
