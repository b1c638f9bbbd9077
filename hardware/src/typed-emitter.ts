/** Listener signatures keyed by event name. */
export type EventMap = Record<string, (payload: never) => void>;

type Listener<M extends EventMap, K extends keyof M> = M[K];

/**
 * A small typed event emitter whose `emit` never throws: a listener that throws is
 * reported to `onListenerError` and the remaining listeners still run.
 * NOTE: Node's EventEmitter throws on an unhandled 'error' event and lets listener
 * exceptions escape into I/O callbacks; drivers must never crash their host process.
 */
export class TypedEmitter<M extends EventMap> {
  readonly #listeners = new Map<keyof M, Set<(payload: never) => void>>();
  readonly #onListenerError: (error: unknown, event: keyof M) => void;

  constructor(onListenerError?: (error: unknown, event: keyof M) => void) {
    this.#onListenerError = onListenerError ?? (() => undefined);
  }

  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof M>(event: K, listener: Listener<M, K>): () => void {
    let set = this.#listeners.get(event);
    if (!set) {
      set = new Set();
      this.#listeners.set(event, set);
    }
    set.add(listener);
    return () => this.off(event, listener);
  }

  /** Adds a listener called at most once. */
  once<K extends keyof M>(event: K, listener: Listener<M, K>): () => void {
    const wrapper = ((payload: Parameters<M[K]>[0]) => {
      off();
      (listener as (p: Parameters<M[K]>[0]) => void)(payload);
    }) as Listener<M, K>;
    const off = this.on(event, wrapper);
    return off;
  }

  off<K extends keyof M>(event: K, listener: Listener<M, K>): void {
    this.#listeners.get(event)?.delete(listener);
  }

  listenerCount(event: keyof M): number {
    return this.#listeners.get(event)?.size ?? 0;
  }

  removeAllListeners(): void {
    this.#listeners.clear();
  }

  protected emit<K extends keyof M>(event: K, payload: Parameters<M[K]>[0]): void {
    const set = this.#listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (p: Parameters<M[K]>[0]) => void)(payload);
      } catch (error) {
        try {
          this.#onListenerError(error, event);
        } catch {
          // NOTE: a failing error reporter must not escape either.
        }
      }
    }
  }
}
