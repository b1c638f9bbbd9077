import { ErrorCode, HubError, refusalOf } from '@turnero/protocol';
import type { StringKey } from './i18n.ts';

/** The desk's own code for the hub refusing a transfer to a counter that closed meanwhile (a refusal under INVALID_ARGUMENT). */
const TRANSFER_COUNTER_CLOSED = 'TRANSFER_COUNTER_CLOSED';

const KNOWN: Partial<Record<string, StringKey>> = {
  [ErrorCode.AGENT_PAUSED]: 'error.AGENT_PAUSED',
  [ErrorCode.HAS_CURRENT_TICKET]: 'error.HAS_CURRENT_TICKET',
  [ErrorCode.QUEUE_EMPTY]: 'error.QUEUE_EMPTY',
  [ErrorCode.NOT_AT_COUNTER]: 'error.NOT_AT_COUNTER',
  [ErrorCode.INVALID_TRANSITION]: 'error.INVALID_TRANSITION',
  [ErrorCode.NO_COUNTER]: 'error.NO_COUNTER',
  [ErrorCode.COUNTER_HELD]: 'error.COUNTER_HELD',
  [ErrorCode.INVALID_CREDENTIALS]: 'error.INVALID_CREDENTIALS',
  [ErrorCode.RATE_LIMITED]: 'error.RATE_LIMITED',
  [ErrorCode.SESSION_EXPIRED]: 'error.SESSION_EXPIRED',
  [ErrorCode.INVALID_TOKEN]: 'error.INVALID_TOKEN',
  [ErrorCode.NOT_AUTHENTICATED]: 'error.SESSION_EXPIRED',
  [ErrorCode.OFFLINE]: 'error.OFFLINE',
  [ErrorCode.CONNECTION_LOST]: 'error.OFFLINE',
  [ErrorCode.TIMEOUT]: 'error.TIMEOUT',
  [ErrorCode.FORBIDDEN]: 'error.FORBIDDEN',
  [ErrorCode.NOT_FOUND]: 'error.NOT_FOUND',
  [ErrorCode.SERVICE_INACTIVE]: 'error.SERVICE_INACTIVE',
  [ErrorCode.INVALID_ARGUMENT]: 'error.INVALID_ARGUMENT',
  [ErrorCode.INVALID_MESSAGE]: 'error.INVALID_MESSAGE',
  [TRANSFER_COUNTER_CLOSED]: 'error.TRANSFER_COUNTER_CLOSED',
};

/** The plain-language text for a hub error code; anything unexpected gets a generic one. */
export function errorKey(code: string): StringKey {
  return KNOWN[code] ?? 'error.other';
}

/** The code a desk notice shows for a failed request: the hub's, or the desk's own for a refusal it explains better. */
export function deskErrorCode(error: unknown): string {
  if (!(error instanceof HubError)) return ErrorCode.INTERNAL;
  return refusalOf(error)?.reason === 'transfer_counter_closed' ? TRANSFER_COUNTER_CLOSED : error.code;
}
