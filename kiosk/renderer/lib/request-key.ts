/**
 * The idempotency keys of one customer's requests. Every retry of the same request carries the same
 * key, so the hub hands back what it already did instead of a second ticket — also after the
 * customer tried something else and came back to it; a request changed since it was sent (another
 * preferential class, an account number typed, a corrected phone) gets a key of its own — under the
 * old one the hub would hand back the earlier, different result.
 */
export class RequestKey {
  /** Request (as JSON, without its key) → its key; a visit sends a handful at most. */
  readonly #keys = new Map<string, string>();

  constructor(readonly newKey: () => string) {}

  /** The key to send `request` with (its payload without the key, and without what the hub does not act on). */
  for(request: unknown): string {
    const text = JSON.stringify(request);
    let key = this.#keys.get(text);
    if (key === undefined) this.#keys.set(text, (key = this.newKey()));
    return key;
  }

  /** Notes the key `request` was already sent with (before a restart): asked again, it goes with that key. */
  adopt(request: unknown, key: string): void {
    this.#keys.set(JSON.stringify(request), key);
  }
}
