import type { PrinterErrorCode } from '../errors.ts';
import type { PaperWidth } from './ticket-layout.ts';
import type { PrintableTicket } from './ticket.ts';

/**
 * What a printer says about itself. A `null` means "this connection cannot tell"
 * (device files are write-only), never "fine".
 */
export interface PrinterStatus {
  online: boolean;
  paperOut: boolean | null;
  paperNearEnd: boolean | null;
  coverOpen: boolean | null;
  /** The problem that would stop a print right now, or null. */
  errorCode: PrinterErrorCode | null;
}

/** Failure codes that describe a job or a setting, not a state of the printer. */
const NOT_PRINTER_STATES = ['PRINTER_WRITE_FAILED', 'PRINTER_INVALID_URI', 'PRINTER_INVALID_TICKET'] as const;

/**
 * What the printer says about itself after a job it confirmed: paper running low, or a problem the
 * next job will meet (the roll ran out with this ticket, the cover was opened, the printer stopped
 * answering). The ticket came out all the same.
 */
export type PrintWarning = Exclude<PrinterErrorCode, (typeof NOT_PRINTER_STATES)[number]>;

/** A failure code as the warning of a printed job: one that describes no printer state is a printer error. */
export function asWarning(code: PrinterErrorCode): PrintWarning {
  return (NOT_PRINTER_STATES as readonly PrinterErrorCode[]).includes(code) ? 'PRINTER_ERROR' : (code as PrintWarning);
}

/**
 * The outcome a kiosk reports to the hub. `ok: true` when the bytes reached the printer and, when its
 * status is readable, it confirmed processing the job; `verified` tells whether it confirmed (false for
 * write-only device files and printers that answer no status). `warning`: the printer's state after
 * the job (paper out after printing is a printed ticket and a roll to refill, not a failure).
 * `ok: false` with `sent: false`: nothing reached the printer, nothing came out. With `sent: true`
 * the job (or part of it) reached the printer before it failed: it may have come out, in part or
 * whole, or come out later (an ESC/POS printer keeps a buffered job through paper out and prints it
 * once reloaded) — a retry must not assume nothing did.
 */
export type PrintResult =
  | { ok: true; verified: boolean; warning: PrintWarning | null }
  | { ok: false; code: PrinterErrorCode; message: string; sent: boolean };

export interface PrintOptions {
  /** Overrides the printer's configured paper width for this job. */
  paperWidth?: PaperWidth;
}

/** A printer that prints turn tickets and callback receipts. Never throws: failures are results. */
export interface TicketPrinter {
  /** Human-readable target, e.g. "tcp://10.0.0.5:9100". */
  readonly target: string;
  print(ticket: PrintableTicket, opts?: PrintOptions): Promise<PrintResult>;
  status(): Promise<PrinterStatus>;
}

/** Status of a printer that could not be reached. */
export function offlineStatus(errorCode: PrinterErrorCode): PrinterStatus {
  return { online: false, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode };
}
