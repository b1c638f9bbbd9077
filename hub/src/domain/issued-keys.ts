import { previousDay } from './local-day.ts';

/**
 * The idempotency keys of an office's recent tickets (SPEC P3): which ticket a kiosk's key got, for
 * the tickets of the office's latest local day and the day before it. A kiosk resends a key for at
 * most 30 s (its retry deadline), so two days is a wide margin; older keys are forgotten.
 *
 * Kept in memory instead of a SQLite index: kiosks make random keys, so an index on them took a
 * different page for every ticket of a batch (one more 4 KiB WAL frame a ticket, about a quarter of
 * the store's work per ticket). The keys stay in the tickets table, which rebuilds this at start.
 */
export class IssuedKeys {
  /**
   * Per local day (YYYY-MM-DD), device id → key → ticket id; the latest day held and the one before
   * it. Nested maps rather than one `${deviceId} ${key}` key: a joined key stays in the heap as the
   * joined text plus two rope nodes, about 160 bytes more for every ticket of the day (npm run bench
   * keeps twenty thousand waiting, and each young-generation collection copies the newest of them).
   */
  readonly #days = new Map<string, Map<string, Map<string, string>>>();

  /** The ticket a device's key was given, if that ticket is from the last two days. */
  get(deviceId: string, key: string): string | null {
    for (const devices of this.#days.values()) {
      const id = devices.get(deviceId)?.get(key);
      if (id !== undefined) return id;
    }
    return null;
  }

  add(day: string, deviceId: string, key: string, ticketId: string): void {
    let devices = this.#days.get(day);
    if (!devices) {
      this.#days.set(day, (devices = new Map()));
      const keep = previousDay([...this.#days.keys()].reduce((a, b) => (a > b ? a : b)));
      for (const d of this.#days.keys()) if (d < keep) this.#days.delete(d);
    }
    let keys = devices.get(deviceId);
    if (!keys) devices.set(deviceId, (keys = new Map()));
    keys.set(key, ticketId);
  }

  /** The days held, in ascending order. */
  days(): string[] {
    return [...this.#days.keys()].sort();
  }
}
