/**
 * The last ticket number given per service and local day (SPEC N1), for the last KEPT_DAYS days
 * tickets were issued on — numbering needs only today's, and an office running for months would
 * otherwise hold one per service per day it has served. Days are kept in the order tickets were
 * first issued on them, not by date: a clock set days ahead and then corrected must still find
 * today's counter, or the next ticket would reuse one of today's numbers.
 */
export class DayCounters {
  static readonly KEPT_DAYS = 3;
  /** Per local day (YYYY-MM-DD, in first-issued order), service id → last sequence. */
  readonly #days = new Map<string, Map<string, number>>();

  get(serviceId: string, day: string): number | undefined {
    return this.#days.get(day)?.get(serviceId);
  }

  /** Records `sequence` for the service's day; never lowers a counter. */
  raise(serviceId: string, day: string, sequence: number): void {
    let services = this.#days.get(day);
    if (!services) {
      this.#days.set(day, (services = new Map()));
      for (const old of this.#days.keys()) if (this.#days.size > DayCounters.KEPT_DAYS) this.#days.delete(old);
    }
    services.set(serviceId, Math.max(services.get(serviceId) ?? 0, sequence));
  }

  /** The days held, the first issued on first. */
  days(): string[] {
    return [...this.#days.keys()];
  }

  /** Every counter held, as [day, service id, last sequence], in the days' order. */
  entries(): [string, string, number][] {
    return [...this.#days].flatMap(([day, services]) => [...services].map(([serviceId, last]): [string, string, number] => [day, serviceId, last]));
  }
}
