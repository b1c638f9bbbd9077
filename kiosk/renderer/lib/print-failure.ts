import type { PrinterErrorCode } from '@turnero/hardware';
import { ErrorCode, HubError } from '@turnero/protocol';
import type { MessageKey } from './messages.ts';

/** Printer codes that mean nothing came out (paper near end is a warning, not a failure). */
export const PRINTER_FAILURES = [
  'PRINTER_PAPER_OUT',
  'PRINTER_COVER_OPEN',
  'PRINTER_OFFLINE',
  'PRINTER_TIMEOUT',
  'PRINTER_ERROR',
  'PRINTER_PROTOCOL',
  'PRINTER_WRITE_FAILED',
  'PRINTER_INVALID_URI',
  'PRINTER_INVALID_TICKET',
] as const satisfies readonly PrinterErrorCode[];
type PrinterFailure = (typeof PRINTER_FAILURES)[number];
// NOTE: fails to compile when the hardware package adds a printer code this list does not know.
const _everyPrinterCode: [Exclude<PrinterErrorCode, PrinterFailure | 'PRINTER_PAPER_NEAR_END'>] extends [never] ? true : never = true;

/**
 * Why a ticket or receipt did not print: a printer code, no printer at all, the hub unreachable
 * mid-print, or the kiosk restarted while it printed (INTERRUPTED).
 */
export type PrintFailure = PrinterFailure | 'PRINTER_NOT_CONFIGURED' | 'HUB_OFFLINE' | 'INTERRUPTED';

/**
 * A print's outcome for the customer. `maybePrinted`: the job reached the printer before it failed,
 * so the paper may have come out (whole, in part, or later, once the printer is refilled): nobody can
 * tell but the customer at the tray, who is asked before it prints again.
 */
export type PrintOutcome = { ok: true } | { ok: false; failure: PrintFailure; maybePrinted: boolean };

/** A printer code from an untrusted source (a hub error's details, an IPC result); unknown ones are PRINTER_ERROR. */
export function printerFailure(code: unknown): PrinterFailure {
  return PRINTER_FAILURES.find((c) => c === code) ?? 'PRINTER_ERROR';
}

/** What a failed `print_ticket` / `print_callback_receipt` request means for the customer. */
export function failureFromHubError(error: unknown): PrintFailure {
  if (!(error instanceof HubError)) return 'PRINTER_ERROR';
  switch (error.code) {
    case ErrorCode.PRINT_FAILED: {
      const details = error.details;
      return printerFailure(typeof details === 'object' && details !== null && 'printerCode' in details ? details.printerCode : null);
    }
    case ErrorCode.PRINTER_NOT_CONFIGURED:
      return 'PRINTER_NOT_CONFIGURED';
    case ErrorCode.OFFLINE:
    case ErrorCode.CONNECTION_LOST:
    case ErrorCode.TIMEOUT:
      return 'HUB_OFFLINE';
    default:
      return 'PRINTER_ERROR';
  }
}

/**
 * Whether a failed `print_ticket` / `print_callback_receipt` reached the hub's printer before it failed
 * (`details.sent`): the paper may have come out.
 */
export function maybePrintedByHub(error: unknown): boolean {
  if (!(error instanceof HubError) || error.code !== ErrorCode.PRINT_FAILED) return false;
  const details = error.details;
  return typeof details === 'object' && details !== null && 'sent' in details && details.sent === true;
}

/** The plain sentence for a print failure. */
export function printFailureMessage(failure: PrintFailure): MessageKey {
  switch (failure) {
    case 'PRINTER_PAPER_OUT':
    case 'PRINTER_COVER_OPEN':
    case 'PRINTER_OFFLINE':
    case 'PRINTER_TIMEOUT':
    case 'PRINTER_NOT_CONFIGURED':
    case 'HUB_OFFLINE':
    case 'INTERRUPTED':
      return `printer.${failure}`;
    case 'PRINTER_ERROR':
    case 'PRINTER_PROTOCOL':
    case 'PRINTER_WRITE_FAILED':
    case 'PRINTER_INVALID_URI':
    case 'PRINTER_INVALID_TICKET':
      return 'printer.other';
    default: {
      const _exhaustive: never = failure;
      return 'printer.other';
    }
  }
}
