import { ErrorCode, HubError, refusalOf, type Refusal } from '@turnero/protocol';
import type { DeskI18n, StringKey } from './i18n.ts';

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
};

/** The plain-language text for a hub error code; anything unexpected gets a generic one. */
export function errorKey(code: string): StringKey {
  return KNOWN[code] ?? 'error.other';
}

/** A failed request as the desk keeps it: the hub's code, and the refusal when the hub said why (null for any other error). */
export interface DeskError {
  code: string;
  refusal: Refusal | null;
}

export function deskError(error: unknown): DeskError {
  if (!(error instanceof HubError)) return { code: ErrorCode.INTERNAL, refusal: null };
  return { code: error.code, refusal: refusalOf(error) };
}

/** Why the hub refused, in the app's language: every reason has a `sup.refusal.<reason>` text (the key's type is checked against the dictionary). */
export function refusalText(i18n: DeskI18n, refusal: Refusal): string {
  const { reason, ...params } = refusal;
  return i18n.t(`sup.refusal.${reason}`, params);
}

/**
 * A desk error in plain words: the refusal's own text when the hub said why, else the code's
 * (`params` fill it, e.g. who holds a counter). A reason this desk does not know is no refusal
 * (`refusalOf`), so it gets the code's generic text.
 */
export function deskErrorText(i18n: DeskI18n, error: DeskError, params: Record<string, string> = {}): string {
  return error.refusal ? refusalText(i18n, error.refusal) : i18n.t(errorKey(error.code), params);
}
