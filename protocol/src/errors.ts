/** Stable error codes sent in `error` replies. Clients switch on these, never on messages. */
export const ErrorCode = {
  BAD_JSON: 'BAD_JSON',
  MESSAGE_TOO_LARGE: 'MESSAGE_TOO_LARGE',
  UNKNOWN_TYPE: 'UNKNOWN_TYPE',
  INVALID_MESSAGE: 'INVALID_MESSAGE',
  PROTOCOL_VERSION: 'PROTOCOL_VERSION',
  NOT_AUTHENTICATED: 'NOT_AUTHENTICATED',
  INVALID_TOKEN: 'INVALID_TOKEN',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  INVALID_PAIRING_CODE: 'INVALID_PAIRING_CODE',
  FORBIDDEN: 'FORBIDDEN',
  RATE_LIMITED: 'RATE_LIMITED',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_TRANSITION: 'INVALID_TRANSITION',
  COUNTER_HELD: 'COUNTER_HELD',
  NOT_AT_COUNTER: 'NOT_AT_COUNTER',
  NO_COUNTER: 'NO_COUNTER',
  AGENT_PAUSED: 'AGENT_PAUSED',
  HAS_CURRENT_TICKET: 'HAS_CURRENT_TICKET',
  QUEUE_EMPTY: 'QUEUE_EMPTY',
  ALREADY_CLAIMED: 'ALREADY_CLAIMED',
  SERVICE_INACTIVE: 'SERVICE_INACTIVE',
  INVALID_ARGUMENT: 'INVALID_ARGUMENT',
  /** The kiosk has no printer configured at the hub. */
  PRINTER_NOT_CONFIGURED: 'PRINTER_NOT_CONFIGURED',
  /** Nothing came out; `details.printerCode` says why (PRINTER_PAPER_OUT, PRINTER_OFFLINE, PRINTER_COVER_OPEN, …). */
  PRINT_FAILED: 'PRINT_FAILED',
  INTERNAL: 'INTERNAL',
  // Client-side only: never sent by the hub.
  OFFLINE: 'OFFLINE',
  CONNECTION_LOST: 'CONNECTION_LOST',
  TIMEOUT: 'TIMEOUT',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** An error with a stable code; what the hub turns into an `error` reply. */
export class HubError extends Error {
  readonly code: ErrorCode;
  readonly details: unknown;
  constructor(code: ErrorCode, message: string, details?: unknown) {
    super(message);
    this.name = 'HubError';
    this.code = code;
    this.details = details;
  }
}
