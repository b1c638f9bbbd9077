import { BreakLine, PrinterTypes, ThermalPrinter } from 'node-thermal-printer';
import type { PrinterKind as ProtocolPrinterKind, PrinterStatusQuery } from '@turnero/protocol';
import { HardwareError, isHardwareError } from '../errors.ts';
import type { PrinterErrorCode } from '../errors.ts';
import { DeviceWriteError, deviceFileStatus, writeDeviceFile } from './device-file.ts';
import { parseRealtimeStatus, REALTIME_STATUS_QUERY, SEQUENCED_PAPER_QUERY } from './escpos-status.ts';
import { asWarning, type PrintOptions, type PrintResult, type PrintWarning, type PrinterStatus, type TicketPrinter } from './printer.ts';
import { offlineStatus } from './printer.ts';
import { TcpLink } from './tcp-link.ts';
import { buildTicketLayout, PAPER_COLUMNS } from './ticket-layout.ts';
import type { LayoutOp, PaperWidth } from './ticket-layout.ts';
import { parsePrintableTicket } from './ticket.ts';
import type { PrintableTicket } from './ticket.ts';

/** Command sets node-thermal-printer can speak (the names a printer URI's `?type=` gives). */
export const PrinterKind = { EPSON: 'EPSON', STAR: 'STAR' } as const satisfies Record<string, ProtocolPrinterKind>;
export type PrinterKind = ProtocolPrinterKind;

/** Code pages with all Spanish letters and ¿¡. */
export type PrinterCharacterSet = 'PC850_MULTILINGUAL' | 'PC858_EURO';

/** Where the bytes go. */
export type PrinterTarget = { kind: 'tcp'; host: string; port: number } | { kind: 'device'; path: string };

export interface ThermalPrinterOptions {
  /** Default EPSON (ESC/POS). */
  type?: PrinterKind;
  /** Default 80. */
  paperWidth?: PaperWidth;
  /** Deadline for each connect, write and status read, ms. Default 3000. */
  timeoutMs?: number;
  /** How long the printer may take to process a job before it is reported failed, ms. Default 15000. */
  printTimeoutMs?: number;
  /** Default PC850 (EPSON) / PC858 (STAR). */
  characterSet?: PrinterCharacterSet;
  /**
   * 'escpos': DLE EOT real-time status before and after printing, GS r 1 as the
   * "job processed" barrier (default for EPSON). 'none': the TCP connection is all we
   * know (default for STAR, whose line mode reports status differently).
   */
  statusQuery?: PrinterStatusQuery;
}

const POLL_MS = 250;

/** Turns a layout into printer bytes with node-thermal-printer. No I/O. */
export function renderEscPosJob(
  ops: readonly LayoutOp[],
  opts: { type?: PrinterKind; paperWidth: PaperWidth; characterSet?: PrinterCharacterSet },
): Uint8Array {
  const star = opts.type === 'STAR';
  // NOTE: an empty interface makes node-thermal-printer a pure byte builder.
  const p = new ThermalPrinter({
    type: star ? PrinterTypes.STAR : PrinterTypes.EPSON,
    interface: '',
    width: PAPER_COLUMNS[opts.paperWidth],
    breakLine: BreakLine.NONE,
  });
  p.append(Buffer.from([0x1b, 0x40])); // ESC @: start from a known state (initHardware is untyped).
  p.setCharacterSet(opts.characterSet ?? (star ? 'PC858_EURO' : 'PC850_MULTILINGUAL'));
  const align = { left: () => p.alignLeft(), center: () => p.alignCenter(), right: () => p.alignRight() } as const;
  for (const op of ops) {
    switch (op.op) {
      case 'text':
        align[op.align]();
        if (star) {
          if (op.size > 1) p.setTextQuadArea();
        } else if (op.size > 1) p.setTextSize(op.size - 1, op.size - 1);
        if (op.bold) p.bold(true);
        p.println(op.text);
        if (op.bold) p.bold(false);
        if (op.size > 1) p.setTextNormal();
        break;
      case 'rule':
        p.alignLeft();
        p.drawLine('-');
        break;
      case 'feed':
        for (let i = 0; i < op.lines; i++) p.newLine();
        break;
      case 'qr':
        p.alignCenter();
        p.printQR(op.data, { cellSize: Math.min(8, op.cellSize), correction: 'M', model: 2 });
        p.newLine();
        p.alignLeft();
        break;
      case 'cut':
        p.cut({ verticalTabAmount: 1 });
        break;
    }
  }
  return new Uint8Array(p.getBuffer());
}

function failure(code: PrinterErrorCode, message: string, sent: boolean): PrintResult {
  return { ok: false, code, message: sent ? `${message} (the job was sent: it may have printed, or print once the printer is ready)` : message, sent };
}

function printerCode(error: unknown): PrinterErrorCode {
  return error instanceof HardwareError && error.code.startsWith('PRINTER_') ? (error.code as PrinterErrorCode) : 'PRINTER_ERROR';
}

function toFailure(error: unknown, sent: boolean): PrintResult {
  return failure(printerCode(error), error instanceof Error ? error.message : String(error), sent);
}

const PROBLEM_TEXT: Readonly<Record<string, string>> = {
  PRINTER_PAPER_OUT: 'printer is out of paper',
  PRINTER_COVER_OPEN: 'printer cover is open',
  PRINTER_ERROR: 'printer reports an error',
  PRINTER_OFFLINE: 'printer is offline',
};

/** A TicketPrinter on a network (tcp://host:9100) or device-file ESC/POS printer. */
export class ThermalTicketPrinter implements TicketPrinter {
  readonly target: string;
  readonly #to: PrinterTarget;
  readonly #type: PrinterKind;
  readonly #paperWidth: PaperWidth;
  readonly #timeoutMs: number;
  readonly #printTimeoutMs: number;
  readonly #characterSet: PrinterCharacterSet | undefined;
  readonly #statusQuery: PrinterStatusQuery;
  #queue: Promise<unknown> = Promise.resolve();

  constructor(target: PrinterTarget, opts: ThermalPrinterOptions = {}) {
    this.#to = target;
    this.target = target.kind === 'tcp' ? `tcp://${target.host}:${target.port}` : target.path;
    this.#type = opts.type ?? 'EPSON';
    this.#paperWidth = opts.paperWidth ?? 80;
    this.#timeoutMs = opts.timeoutMs ?? 3000;
    this.#printTimeoutMs = opts.printTimeoutMs ?? 15_000;
    this.#characterSet = opts.characterSet;
    this.#statusQuery = opts.statusQuery ?? (this.#type === 'EPSON' ? 'escpos' : 'none');
  }

  /** Prints one ticket. Never throws. */
  print(ticket: PrintableTicket, opts: PrintOptions = {}): Promise<PrintResult> {
    return this.#serial(() => this.#print(ticket, opts));
  }

  /** Reads the printer's status; an unreachable printer is `online: false`. Never throws. */
  status(): Promise<PrinterStatus> {
    return this.#serial(() => this.#status());
  }

  /**
   * One conversation with the printer at a time.
   * NOTE: many network printers serve one TCP connection on 9100 at a time; a status query
   * beside a running job would wait on the job and look like a timeout.
   */
  #serial<T>(task: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(task);
    this.#queue = run.catch(() => undefined);
    return run;
  }

  async #status(): Promise<PrinterStatus> {
    if (this.#to.kind === 'device') return deviceFileStatus(this.#to.path);
    let link: TcpLink | null = null;
    try {
      link = await TcpLink.connect(this.#to.host, this.#to.port, this.#timeoutMs);
      if (this.#statusQuery === 'none') {
        return { online: true, paperOut: null, paperNearEnd: null, coverOpen: null, errorCode: null };
      }
      return await this.#realtimeStatus(link);
    } catch (error) {
      const code = error instanceof HardwareError && error.code.startsWith('PRINTER_') ? (error.code as PrinterErrorCode) : 'PRINTER_OFFLINE';
      return offlineStatus(code);
    } finally {
      link?.close();
    }
  }

  async #print(ticket: unknown, opts: PrintOptions): Promise<PrintResult> {
    let bytes: Uint8Array;
    try {
      // NOTE: re-parsed on purpose: tickets arrive over IPC from a renderer.
      const paperWidth = opts.paperWidth === 58 || opts.paperWidth === 80 ? opts.paperWidth : this.#paperWidth;
      const layout = buildTicketLayout(parsePrintableTicket(ticket), { paperWidth });
      bytes = renderEscPosJob(layout, { type: this.#type, paperWidth, characterSet: this.#characterSet });
    } catch (error) {
      return toFailure(error, false);
    }
    if (this.#to.kind === 'device') {
      try {
        await writeDeviceFile(this.#to.path, bytes, this.#timeoutMs);
        return { ok: true, verified: false, warning: null };
      } catch (error) {
        return toFailure(error, error instanceof DeviceWriteError && error.sent);
      }
    }
    let link: TcpLink | null = null;
    // From the job's write on, a failure may still have printed (all, part, or later).
    // NOTE: a write on a link that already failed sends nothing (it rejects at once).
    let sent = false;
    try {
      link = await TcpLink.connect(this.#to.host, this.#to.port, this.#timeoutMs);
      if (this.#statusQuery === 'none') {
        sent = !link.failed;
        await link.write(bytes, this.#timeoutMs);
        return { ok: true, verified: false, warning: null };
      }
      const before = await this.#realtimeStatus(link);
      if (before.errorCode) return failure(before.errorCode, `${PROBLEM_TEXT[before.errorCode] ?? before.errorCode}; nothing was printed`, false);
      sent = !link.failed;
      await link.write(bytes, this.#timeoutMs);
      await this.#awaitProcessed(link);
      return { ok: true, verified: true, warning: await this.#stateAfter(link) };
    } catch (error) {
      return toFailure(error, sent);
    } finally {
      link?.close();
    }
  }

  /**
   * The printer's state once it confirmed the job: the ticket is out, so a problem now (the roll ran
   * out with it, the cover opened, no answer) is a warning for the next job, never this one's failure.
   */
  async #stateAfter(link: TcpLink): Promise<PrintWarning | null> {
    try {
      const after = await this.#realtimeStatus(link, true);
      if (after.errorCode) return asWarning(after.errorCode);
      return after.paperNearEnd ? 'PRINTER_PAPER_NEAR_END' : null;
    } catch (error) {
      return asWarning(printerCode(error));
    }
  }

  /** DLE EOT 1, 2, 4. `jobSent`: a GS r answer may legitimately be among the other bytes. */
  async #realtimeStatus(link: TcpLink, jobSent = false): Promise<PrinterStatus> {
    await link.write(REALTIME_STATUS_QUERY, this.#timeoutMs);
    let answer: number[];
    try {
      answer = await link.readRealtime(3, this.#timeoutMs);
    } catch (error) {
      if (isHardwareError(error, 'PRINTER_TIMEOUT') && !jobSent && link.otherBytesPending > 0) {
        throw new HardwareError('PRINTER_PROTOCOL', 'printer answered status queries with bytes that are not ESC/POS status');
      }
      throw error;
    }
    const [printer, cause, paper] = answer;
    const status = parseRealtimeStatus(printer!, cause!, paper!);
    if (!status) throw new HardwareError('PRINTER_PROTOCOL', 'printer answered status queries with unexpected bytes');
    return status;
  }

  /**
   * Waits for the GS r 1 answer, which the printer sends only once it has processed
   * the job; meanwhile polls real-time status so paper-out mid-job fails fast (a failure
   * then is in doubt: the job was sent).
   */
  async #awaitProcessed(link: TcpLink): Promise<void> {
    await link.write(SEQUENCED_PAPER_QUERY, this.#timeoutMs);
    const deadline = Date.now() + this.#printTimeoutMs;
    for (;;) {
      const left = deadline - Date.now();
      if (left <= 0) throw new HardwareError('PRINTER_TIMEOUT', `printer did not confirm the job within ${this.#printTimeoutMs} ms`);
      const answer = await link.readSequenced(Math.min(POLL_MS, left));
      if (answer !== null) return;
      const now = await this.#realtimeStatus(link, true);
      // NOTE: the confirmation may have come in while status was asked (the roll ran out just after the job): printed.
      if (now.errorCode && link.otherBytesPending > 0) return;
      if (now.errorCode) throw new HardwareError(now.errorCode, `${PROBLEM_TEXT[now.errorCode] ?? now.errorCode} while printing`);
    }
  }
}
