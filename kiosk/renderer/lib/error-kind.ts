import { ErrorCode } from '@turnero/protocol';
import type { MessageKey } from './messages.ts';

/** What the customer is told when the hub refuses or cannot take a request: a few plain messages. */
export type ErrorKind = 'offline' | 'busy' | 'service' | 'device' | 'invalid' | 'generic';

export const errorMessage = (kind: ErrorKind): MessageKey => `error.${kind}`;

/** Every error code mapped to what it means at the kiosk; an unknown code from a newer hub is generic. */
export function errorKind(code: string): ErrorKind {
  // NOTE: typed as a known code so the switch is checked for exhaustiveness; other strings reach `default`.
  const known = code as ErrorCode;
  switch (known) {
    case ErrorCode.OFFLINE:
    case ErrorCode.CONNECTION_LOST:
    case ErrorCode.TIMEOUT:
      return 'offline';
    case ErrorCode.RATE_LIMITED:
      return 'busy';
    case ErrorCode.SERVICE_INACTIVE:
    case ErrorCode.NOT_FOUND:
      return 'service';
    case ErrorCode.NOT_AUTHENTICATED:
    case ErrorCode.INVALID_TOKEN:
    case ErrorCode.SESSION_EXPIRED:
    case ErrorCode.FORBIDDEN:
    case ErrorCode.PROTOCOL_VERSION:
      return 'device';
    case ErrorCode.INVALID_MESSAGE:
    case ErrorCode.INVALID_ARGUMENT:
      return 'invalid';
    case ErrorCode.BAD_JSON:
    case ErrorCode.MESSAGE_TOO_LARGE:
    case ErrorCode.UNKNOWN_TYPE:
    case ErrorCode.INVALID_CREDENTIALS:
    case ErrorCode.INVALID_PAIRING_CODE:
    case ErrorCode.INVALID_TRANSITION:
    case ErrorCode.COUNTER_HELD:
    case ErrorCode.NOT_AT_COUNTER:
    case ErrorCode.NO_COUNTER:
    case ErrorCode.AGENT_PAUSED:
    case ErrorCode.HAS_CURRENT_TICKET:
    case ErrorCode.QUEUE_EMPTY:
    case ErrorCode.ALREADY_CLAIMED:
    case ErrorCode.PRINTER_NOT_CONFIGURED:
    case ErrorCode.PRINT_FAILED:
    case ErrorCode.INTERNAL:
      return 'generic';
    default: {
      const _exhaustive: never = known;
      return 'generic';
    }
  }
}
