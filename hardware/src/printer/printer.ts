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

/**
 * The outcome a kiosk reports to the hub. `ok: true` only when the bytes reached the
 * printer and its status (when readable) did not say anything went wrong; `verified`
 * tells whether the printer confirmed it (false for write-only device files).
 */
export type PrintResult =
  | { ok: true; verified: boolean; warning: 'PRINTER_PAPER_NEAR_END' | null }
  | { ok: false; code: PrinterErrorCode; message: string };

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
