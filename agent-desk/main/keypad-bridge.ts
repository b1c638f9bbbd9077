import { KeypadDriver, type KeypadDriverOptions, type RatingKeypad } from '@turnero/hardware';
import type { KeypadSignal, KeypadStatus } from '../shared/keypad-signal.ts';

/**
 * The counter's rating keypad as the desk's page uses it: key, cancel and link changes go out as
 * signals; `prompt()` lights the lamp, `done()` turns it off. Owned by the Electron main process
 * (and, in tests, by the test process driving Chromium).
 */
export class KeypadBridge {
  readonly #keypad: RatingKeypad;
  readonly #off: (() => void)[];

  constructor(keypad: RatingKeypad, send: (signal: KeypadSignal) => void) {
    this.#keypad = keypad;
    const status = (connected: boolean) => send({ type: 'status', status: { connected, counterId: keypad.counterId } });
    this.#off = [
      keypad.on('key', ({ value }) => send({ type: 'key', value })),
      keypad.on('cancel', () => send({ type: 'cancel' })),
      keypad.on('connected', () => status(true)),
      keypad.on('disconnected', () => status(false)),
    ];
  }

  get status(): KeypadStatus {
    return { connected: this.#keypad.connected, counterId: this.#keypad.counterId };
  }

  /** Lamp on: the customer may rate now. */
  prompt(): Promise<boolean> {
    return this.#keypad.lampOn();
  }

  /** Lamp off: rated, declined or timed out. */
  done(): Promise<boolean> {
    return this.#keypad.lampOff();
  }

  async close(): Promise<void> {
    for (const off of this.#off) off();
    await this.#keypad.close();
  }
}

/** The bridge for the configured keypad, or null when this desk has none (`keypadPort` and `counterId` both needed). */
export function openKeypadBridge(
  config: { keypadPort: string | null; counterId: string | null },
  send: (signal: KeypadSignal) => void,
  driver: Partial<KeypadDriverOptions> = {},
): KeypadBridge | null {
  if (!config.keypadPort || !config.counterId) return null;
  return new KeypadBridge(new KeypadDriver({ ...driver, path: config.keypadPort, counterId: config.counterId }), send);
}
