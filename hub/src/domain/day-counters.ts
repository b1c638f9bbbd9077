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

  /**
   * `stored`: the last sequence recorded for a service's day outside the days held (the store's
   * table keeps every day). Asked only for a day not held — a clock that was set ahead on more days
   * than are kept and then put right — so that today's numbering goes on instead of restarting at 001
   * (the store would refuse every such ticket as a duplicate number).
   */
  constructor(stored: (serviceId: string, day: string) => number | undefined = () => undefined) {
    this.#stored = stored;
  }

  readonly #stored: (serviceId: string, day: string) => number | undefined;

  get(serviceId: string, day: string): number | undefined {
    const services = this.#days.get(day);
    if (services) return services.get(serviceId);
    const last = this.#stored(serviceId, day);
    if (last !== undefined) this.raise(serviceId, day, last);
    return last;
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
