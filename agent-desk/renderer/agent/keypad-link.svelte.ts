import type { DeskKeypadApi } from '../../shared/keypad-api.ts';
import type { KeypadPress, KeypadStatus } from '../../shared/keypad-signal.ts';

/**
 * The counter's rating keypad as the desk sees it: absent (a plain browser, or a desk with no
 * keypad configured), connected, or unplugged.
 */
export class KeypadLink {
  /** Null when this desk has no keypad. */
  status = $state.raw<KeypadStatus | null>(null);
  readonly #api: DeskKeypadApi | null;

  constructor(api: DeskKeypadApi | null) {
    this.#api = api;
  }

  /** The keypad is configured but not plugged in. */
  get unplugged(): boolean {
    return this.status !== null && !this.status.connected;
  }

  /** Can the keypad rate tickets of `counterId` now? Only the one that belongs to that counter. */
  usableAt(counterId: string | null): boolean {
    return this.status !== null && this.status.connected && this.status.counterId === counterId;
  }

  /** Listens to the keypad; returns the function that stops (fit for `$effect`). */
  start(onPress: (press: KeypadPress) => void): () => void {
    const api = this.#api;
    if (!api) return () => undefined;
    const offStatus = api.onStatus((status) => (this.status = status));
    const offKey = api.onKey(onPress);
    return () => {
      offStatus();
      offKey();
    };
  }

  prompt(): void {
    void this.#api?.prompt();
  }

  stop(): void {
    void this.#api?.stop();
  }
}
