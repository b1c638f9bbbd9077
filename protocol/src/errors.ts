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
  /**
   * The print failed; `details.printerCode` says why (PRINTER_PAPER_OUT, PRINTER_OFFLINE, PRINTER_COVER_OPEN, …).
   * Nothing came out unless `details.sent` is true: the job reached the printer first, so it may have.
   */
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

/** No answer from the hub (the client's own codes: not connected, connection lost, timed out), as opposed to the hub refusing: worth retrying. */
export function isUnreachable(error: unknown): error is HubError {
  return error instanceof HubError && (error.code === ErrorCode.OFFLINE || error.code === ErrorCode.CONNECTION_LOST || error.code === ErrorCode.TIMEOUT);
}

/**
 * Why the hub refused a configuration change (services, counters, rules, users, devices, report
 * ranges), with what a sentence about it needs. Sent as an INVALID_ARGUMENT error's `details`, so
 * that each app words it in its own language; the error's message stays English, for logs.
 */
export type Refusal =
  | { reason: 'unknown_group' }
  | { reason: 'unknown_icon'; icon: string }
  | { reason: 'prefix_in_use'; prefix: string; service: string }
  | { reason: 'service_has_waiting' }
  | { reason: 'unknown_services'; services: string }
  | { reason: 'service_listed_twice' }
  | { reason: 'counter_needs_name' }
  | { reason: 'preferential_ids_repeated' }
  | { reason: 'fairness_all_zero' }
  | { reason: 'preferential_class_in_use' }
  | { reason: 'password_required' }
  | { reason: 'username_taken'; username: string }
  | { reason: 'cannot_demote_self' }
  | { reason: 'printer_only_kiosk' }
  | { reason: 'keypad_needs_counter' }
  | { reason: 'range_inverted' }
  | { reason: 'range_too_long' }
  | { reason: 'holder_changed'; holder: string }
  | { reason: 'release_own_counter' }
  | { reason: 'ticket_changed' }
  | { reason: 'transfer_mode' }
  | { reason: 'transfer_counter_closed' }
  | { reason: 'waits_for_other_counter'; counter: string }
  /** A central's push over what the office changed after the push was made (`changes`: their ids). */
  | { reason: 'changed_at_office'; changes: string };
export type RefusalReason = Refusal['reason'];

/** Every reason, once (a record, so the compiler sees one missing). */
const REFUSAL_REASONS: Record<RefusalReason, true> = {
  unknown_group: true,
  unknown_icon: true,
  prefix_in_use: true,
  service_has_waiting: true,
  unknown_services: true,
  service_listed_twice: true,
  counter_needs_name: true,
  preferential_ids_repeated: true,
  fairness_all_zero: true,
  preferential_class_in_use: true,
  password_required: true,
  username_taken: true,
  cannot_demote_self: true,
  printer_only_kiosk: true,
  keypad_needs_counter: true,
  range_inverted: true,
  range_too_long: true,
  holder_changed: true,
  release_own_counter: true,
  ticket_changed: true,
  transfer_mode: true,
  transfer_counter_closed: true,
  waits_for_other_counter: true,
  changed_at_office: true,
};

/** The error for a refused change: `message` (English) for logs, `refusal` for the apps' own words. */
export function refused(refusal: Refusal, message: string): HubError {
  return new HubError(ErrorCode.INVALID_ARGUMENT, message, refusal);
}

/**
 * The refusal an error carries, if it is one this protocol knows and every value it holds is text
 * (an older or newer hub may send other details: the app then falls back to the message).
 */
export function refusalOf(error: unknown): Refusal | null {
  if (!(error instanceof HubError) || error.code !== ErrorCode.INVALID_ARGUMENT) return null;
  return asRefusal(error.details);
}

/** `d` as a refusal, if it is one this protocol knows and every value it holds is text (a refusal read back from storage or another hub). */
export function asRefusal(d: unknown): Refusal | null {
  if (typeof d !== 'object' || d === null || Array.isArray(d)) return null;
  const { reason } = d as { reason?: unknown };
  if (typeof reason !== 'string' || !Object.hasOwn(REFUSAL_REASONS, reason)) return null;
  if (!Object.values(d).every((v) => typeof v === 'string')) return null;
  return d as Refusal;
}
