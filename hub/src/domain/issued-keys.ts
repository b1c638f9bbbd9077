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
  /** Per local day (YYYY-MM-DD), `${deviceId} ${key}` → ticket id; the latest day held and the one before it. */
  readonly #days = new Map<string, Map<string, string>>();

  /** The ticket a device's key was given, if that ticket is from the last two days. */
  get(deviceId: string, key: string): string | null {
    const k = `${deviceId} ${key}`;
    for (const keys of this.#days.values()) {
      const id = keys.get(k);
      if (id !== undefined) return id;
    }
    return null;
  }

  add(day: string, deviceId: string, key: string, ticketId: string): void {
    let keys = this.#days.get(day);
    if (!keys) {
      this.#days.set(day, (keys = new Map()));
      const keep = previousDay([...this.#days.keys()].reduce((a, b) => (a > b ? a : b)));
      for (const d of this.#days.keys()) if (d < keep) this.#days.delete(d);
    }
    keys.set(`${deviceId} ${key}`, ticketId);
  }

  /** The days held, in ascending order. */
  days(): string[] {
    return [...this.#days.keys()].sort();
  }
}

/** The calendar day before `day` (YYYY-MM-DD → YYYY-MM-DD). */
export function previousDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}
