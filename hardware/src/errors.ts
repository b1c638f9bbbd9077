/** Stable error codes for everything the hardware package reports. Wire-safe snake-ish strings. */
export const HardwareErrorCode = {
  PRINTER_PAPER_OUT: 'PRINTER_PAPER_OUT',
  PRINTER_PAPER_NEAR_END: 'PRINTER_PAPER_NEAR_END',
  PRINTER_COVER_OPEN: 'PRINTER_COVER_OPEN',
  PRINTER_OFFLINE: 'PRINTER_OFFLINE',
  PRINTER_TIMEOUT: 'PRINTER_TIMEOUT',
  PRINTER_ERROR: 'PRINTER_ERROR',
  PRINTER_PROTOCOL: 'PRINTER_PROTOCOL',
  PRINTER_WRITE_FAILED: 'PRINTER_WRITE_FAILED',
  PRINTER_INVALID_URI: 'PRINTER_INVALID_URI',
  PRINTER_INVALID_TICKET: 'PRINTER_INVALID_TICKET',
  KEYPAD_OPEN_FAILED: 'KEYPAD_OPEN_FAILED',
  KEYPAD_DISCONNECTED: 'KEYPAD_DISCONNECTED',
  KEYPAD_MALFORMED_LINE: 'KEYPAD_MALFORMED_LINE',
  KEYPAD_LINE_TOO_LONG: 'KEYPAD_LINE_TOO_LONG',
  KEYPAD_WRITE_FAILED: 'KEYPAD_WRITE_FAILED',
  KEYPAD_LISTENER_FAILED: 'KEYPAD_LISTENER_FAILED',
  SIMULATOR_START_FAILED: 'SIMULATOR_START_FAILED',
} as const;
export type HardwareErrorCode = (typeof HardwareErrorCode)[keyof typeof HardwareErrorCode];

/** Codes a print or a status query can end with. */
export type PrinterErrorCode = Extract<HardwareErrorCode, `PRINTER_${string}`>;

/** An error with a stable `code`; `message` is for people and logs, never for branching. */
export class HardwareError<C extends HardwareErrorCode = HardwareErrorCode> extends Error {
  readonly code: C;

  constructor(code: C, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'HardwareError';
    this.code = code;
  }
}

/** True when `value` is a HardwareError (optionally with one of `codes`). */
export function isHardwareError(value: unknown, ...codes: HardwareErrorCode[]): value is HardwareError {
  return value instanceof HardwareError && (codes.length === 0 || codes.includes(value.code));
}
