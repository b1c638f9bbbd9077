/**
 * The idempotency key of one customer's request. Every retry of the same request carries the same
 * key, so the hub hands back what it already did instead of a second ticket; a request changed since
 * it was last sent (another preferential class, an account number typed, a corrected phone) gets a
 * new key — under the old one the hub would hand back the earlier, different result.
 */
export class RequestKey {
  #key: string;
  /** The request last sent under the current key, as JSON. */
  #sent: string | null = null;

  constructor(readonly newKey: () => string) {
    this.#key = newKey();
  }

  /** The key to send `request` with (its payload without the key). */
  for(request: unknown): string {
    const text = JSON.stringify(request);
    if (this.#sent !== null && this.#sent !== text) this.#key = this.newKey();
    this.#sent = text;
    return this.#key;
  }
}
