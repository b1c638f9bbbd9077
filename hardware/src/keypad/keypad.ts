import type { HardwareError } from '../errors.ts';

/** Events every rating keypad emits; ids tie each one to the counter it belongs to. */
export type KeypadEvents = {
  /** A rating key was pressed (value 1..10). */
  key: (e: { counterId: string; value: number }) => void;
  /** The customer pressed cancel. */
  cancel: (e: { counterId: string }) => void;
  /** The keypad introduced itself (on power-up, reset, or when asked). */
  hello: (e: { counterId: string; keypadId: string }) => void;
  /** Malformed input, open/write failures: reported, never thrown. */
  error: (e: HardwareError) => void;
  connected: (e: { counterId: string; path: string }) => void;
  disconnected: (e: { counterId: string; path: string; reason: string }) => void;
};

/** A rating keypad at one counter. */
export interface RatingKeypad {
  readonly counterId: string;
  readonly connected: boolean;
  /** Adds a listener; returns a function that removes it. */
  on<K extends keyof KeypadEvents>(event: K, listener: KeypadEvents[K]): () => void;
  /**
   * Lights the lamp that asks the customer to rate. Resolves true when written now,
   * false when the keypad is away (the lamp state is re-sent when it comes back).
   */
  lampOn(): Promise<boolean>;
  lampOff(): Promise<boolean>;
  /** Stops reconnecting and releases the port. */
  close(): Promise<void>;
}
