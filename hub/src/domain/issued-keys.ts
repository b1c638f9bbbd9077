import { RecentDays } from './recent-days.ts';

/**
 * The idempotency keys of an office's recent tickets (SPEC P3): which ticket a kiosk's key got, for
 * the tickets of the last KEPT_DAYS days tickets were issued on, in the order they were first issued
 * on (see RecentDays: a clock set days ahead and put right must not forget today's keys). A kiosk
 * resends a key for at most 30 s (its retry deadline), so that is a wide margin; older keys are
 * forgotten.
 *
 * Kept in memory instead of a SQLite index: kiosks make random keys, so an index on them took a
 * different page for every ticket of a batch (one more 4 KiB WAL frame a ticket, about a quarter of
 * the store's work per ticket). The keys stay in the tickets table, which rebuilds this at start.
 */
export class IssuedKeys {
  static readonly KEPT_DAYS = 3;
  /**
   * Per local day, device id → key → ticket id. Nested maps rather than one `${deviceId} ${key}`
   * key: a joined key stays in the heap as the joined text plus two rope nodes, about 160 bytes more
   * for every ticket of the day (npm run bench keeps twenty thousand waiting, and each
   * young-generation collection copies the newest of them).
   */
  readonly #days = new RecentDays<Map<string, Map<string, string>>>(IssuedKeys.KEPT_DAYS, () => new Map());

  /** The ticket a device's key was given, if that ticket is from one of the days held. */
  get(deviceId: string, key: string): string | null {
    for (const devices of this.#days.values()) {
      const id = devices.get(deviceId)?.get(key);
      if (id !== undefined) return id;
    }
    return null;
  }

  add(day: string, deviceId: string, key: string, ticketId: string): void {
    const devices = this.#days.at(day);
    let keys = devices.get(deviceId);
    if (!keys) devices.set(deviceId, (keys = new Map()));
    keys.set(key, ticketId);
  }

  /** The days held, the first issued on first. */
  days(): string[] {
    return this.#days.days();
  }
}
