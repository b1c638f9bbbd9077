import { createPrinter, isHardwareError, type PrintableTicket, type PrinterErrorCode, type PrintResult, type TicketPrinter } from '@turnero/hardware';
import type { PrinterHealth } from '@turnero/protocol';

/**
 * The hub's printers for kiosks that print through it (a browser kiosk next to a network printer).
 * One printer object per URI, so jobs to the same printer never interleave.
 */
export class HubPrinting {
  readonly #printers = new Map<string, TicketPrinter>();

  constructor(readonly opts: { timeoutMs: number; printTimeoutMs: number }) {}

  async print(uri: string, paperWidth: 58 | 80, ticket: PrintableTicket): Promise<PrintResult> {
    const printer = this.#printer(uri, paperWidth);
    if ('code' in printer) return { ok: false, ...printer, sent: false };
    return printer.print(ticket, { paperWidth });
  }

  /** What the printer says about itself now (paper, cover, reachable), without printing. */
  async status(uri: string, paperWidth: 58 | 80): Promise<PrinterHealth> {
    const printer = this.#printer(uri, paperWidth);
    if ('code' in printer) return { online: false, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: printer.code };
    return printer.status();
  }

  #printer(uri: string, paperWidth: 58 | 80): TicketPrinter | { code: PrinterErrorCode; message: string } {
    let printer = this.#printers.get(uri);
    if (!printer) {
      try {
        printer = createPrinter(uri, { timeoutMs: this.opts.timeoutMs, printTimeoutMs: this.opts.printTimeoutMs, paperWidth });
      } catch (error) {
        return { code: isHardwareError(error) ? (error.code as PrinterErrorCode) : 'PRINTER_INVALID_URI', message: String((error as Error).message) };
      }
      this.#printers.set(uri, printer);
    }
    return printer;
  }
}

/**
 * What a print result says about the printer, for the supervisor's device board. A ticket that came
 * out with the roll empty (or the cover opened) after it is a printed ticket whose printer needs
 * staff: its warning is reported as the printer's problem, as a failed print's code is.
 */
export function healthFromPrint(result: PrintResult): PrinterHealth {
  // A printer that cannot be asked (a device file, or one set to answer no status queries) told nothing about its paper or cover.
  if (result.ok && !result.verified) return { online: true, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: null };
  const problem = result.ok ? (result.warning === 'PRINTER_PAPER_NEAR_END' ? null : result.warning) : result.code;
  if (problem === null) return { online: true, paperOut: false, paperNearEnd: result.ok && result.warning === 'PRINTER_PAPER_NEAR_END', coverOpen: false, errorCode: null };
  return {
    online: problem !== 'PRINTER_OFFLINE' && problem !== 'PRINTER_TIMEOUT',
    paperOut: problem === 'PRINTER_PAPER_OUT' ? true : null,
    paperNearEnd: null,
    coverOpen: problem === 'PRINTER_COVER_OPEN' ? true : null,
    errorCode: problem,
  };
}
