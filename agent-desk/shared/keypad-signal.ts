/** The counter keypad as the desk's page sees it: what it says, parsed at every boundary. */

/** The keypad's link: plugged in or not, and the counter it belongs to. */
export interface KeypadStatus {
  connected: boolean;
  counterId: string;
}

/** A customer's press: a rating 1–10, or cancel (declines to rate). */
export type KeypadPress = { type: 'key'; value: number } | { type: 'cancel' };

/** What the main process forwards to the page. */
export type KeypadSignal = KeypadPress | { type: 'status'; status: KeypadStatus };

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;

/** A status, or null when `raw` is not one. */
export function parseKeypadStatus(raw: unknown): KeypadStatus | null {
  if (!isObject(raw) || typeof raw.connected !== 'boolean' || typeof raw.counterId !== 'string' || raw.counterId === '') return null;
  return { connected: raw.connected, counterId: raw.counterId };
}

/** A signal, or null when `raw` is not one (never trusts a cast). */
export function parseKeypadSignal(raw: unknown): KeypadSignal | null {
  if (!isObject(raw)) return null;
  switch (raw.type) {
    case 'key':
      return typeof raw.value === 'number' && Number.isInteger(raw.value) && raw.value >= 1 && raw.value <= 10 ? { type: 'key', value: raw.value } : null;
    case 'cancel':
      return { type: 'cancel' };
    case 'status': {
      const status = parseKeypadStatus(raw.status);
      return status ? { type: 'status', status } : null;
    }
    default:
      return null;
  }
}
