import type { DeskKeypadApi } from '../../shared/keypad-api.ts';

const OPERATIONS = ['onKey', 'onStatus', 'prompt', 'stop'] as const;

/** The counter keypad the Electron preload offers as `window.turneroDesk.keypad`; null in a plain browser. */
export function deskKeypad(win: object): DeskKeypadApi | null {
  const bridge: unknown = (win as { turneroDesk?: unknown }).turneroDesk;
  if (typeof bridge !== 'object' || bridge === null) return null;
  const keypad: unknown = (bridge as { keypad?: unknown }).keypad;
  if (typeof keypad !== 'object' || keypad === null) return null;
  return OPERATIONS.every((op) => typeof (keypad as Record<string, unknown>)[op] === 'function') ? (keypad as DeskKeypadApi) : null;
}
