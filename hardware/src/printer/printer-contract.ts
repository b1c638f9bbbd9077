import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { OfflineMode } from './printer-simulator.ts';
import type { PrintResult, TicketPrinter } from './printer.ts';
import type { Receipt } from './receipt.ts';
import { receiptText } from './receipt.ts';
import { sampleCallbackReceipt, sampleTicket } from './sample-tickets.ts';
import type { PrintableTicket } from './ticket.ts';

/** Test controls a simulated printer offers (PrinterSimulator has them all). */
export interface PrinterControls {
  nextReceipt(timeoutMs?: number): Promise<Receipt>;
  readonly receipts: readonly Receipt[];
  setPaper(paper: 'ok' | 'near_end' | 'out'): void;
  /** The roll runs out right after the next job, once the printer confirmed it. */
  runOutAfterNextJob(): void;
  setCoverOpen(open: boolean): void;
  setOffline(mode: OfflineMode | false): Promise<void>;
  reset(): Promise<void>;
}

export interface PrinterHarness {
  printer: TicketPrinter;
  /** The per-I/O timeout the printer was created with, ms. */
  timeoutMs: number;
  /** Only for simulators: real printers cannot be told to run out of paper. */
  controls?: PrinterControls;
  close(): Promise<void>;
}

export interface PrinterContractSubject {
  name: string;
  /** Whether `setup` returns controls; decides at registration which tests exist. */
  controllable: boolean;
  /** When a string, the suite is registered but skipped, and the string says why. */
  skipReason?: string | null;
  setup(): Promise<PrinterHarness>;
}

// A generous bound for "the error came within the timeout, not never": connect,
// status write, status read and job write each get one timeout.
const bound = (timeoutMs: number): number => timeoutMs * 5 + 1000;

async function timed(printer: TicketPrinter, ticket: PrintableTicket): Promise<{ result: PrintResult; ms: number }> {
  const started = performance.now();
  const result = await printer.print(ticket);
  return { result, ms: performance.now() - started };
}

/** Registers the TicketPrinter contract tests for one implementation. */
export function printerContract(subject: PrinterContractSubject): void {
  const enabled = !subject.skipReason;
  const title = `TicketPrinter contract: ${subject.name}${enabled ? '' : ` (skipped: ${subject.skipReason})`}`;

  describe.runIf(enabled)(title, () => {
    let h: PrinterHarness;
    beforeAll(async () => {
      h = await subject.setup();
    });
    afterAll(async () => {
      await h?.close();
    });

    it('reports status with the documented shape', async () => {
      const s = await h.printer.status();
      expect(typeof s.online).toBe('boolean');
      for (const v of [s.paperOut, s.paperNearEnd, s.coverOpen]) expect(v === null || typeof v === 'boolean').toBe(true);
      if (s.online && s.errorCode === null) expect(s.paperOut).not.toBe(true);
    });

    it('prints a turn ticket and says so', async () => {
      expect(await h.printer.print(sampleTicket())).toMatchObject({ ok: true });
    });

    it('prints a callback receipt in English', async () => {
      expect(await h.printer.print(sampleCallbackReceipt('en'))).toMatchObject({ ok: true });
    });

    it('refuses an invalid ticket with PRINTER_INVALID_TICKET', async () => {
      const bad = { ...sampleTicket(), timeZone: 'Mars/Olympus' };
      expect(await h.printer.print(bad)).toMatchObject({ ok: false, code: 'PRINTER_INVALID_TICKET' });
    });

    describe.runIf(subject.controllable)('with simulated conditions', () => {
      let c: PrinterControls;
      beforeEach(async () => {
        c = h.controls!;
        await c.reset();
      });

      it('a printed ticket decodes to the same number, service, Bogotá time and QR payload', async () => {
        const ticket = sampleTicket();
        const next = c.nextReceipt();
        expect(await h.printer.print(ticket)).toEqual({ ok: true, verified: true, warning: null });
        const receipt = await next;
        const text = receiptText(receipt);
        const numberLine = receipt.lines.find((l) => l.text === 'A-023');
        expect(numberLine).toMatchObject({ bold: true, align: 'center' });
        expect(numberLine!.width).toBeGreaterThanOrEqual(4);
        expect(numberLine!.height).toBeGreaterThanOrEqual(4);
        expect(text).toContain('Facturación y reclamos');
        expect(text).toContain('Oficina Cúcuta Centro');
        // 12:26 UTC is 07:26 in Bogotá (UTC-5, no DST).
        expect(text).toContain('23/11/2025');
        expect(text).toContain('7:26 a. m.');
        expect(text).toContain('4 personas antes de usted');
        expect(text).toContain('******4050');
        expect(text).not.toContain('1020304050');
        expect(receipt.qr).toEqual([ticket.statusUrl]);
        expect(receipt.cut).toBe(true);
      });

      it('paper out: PRINTER_PAPER_OUT within the timeout, nothing sent nor printed; prints again once reloaded', async () => {
        c.setPaper('out');
        const before = c.receipts.length;
        const { result, ms } = await timed(h.printer, sampleTicket());
        expect(result).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT', sent: false });
        expect(ms).toBeLessThan(bound(h.timeoutMs));
        expect(c.receipts.length).toBe(before);
        expect(await h.printer.status()).toMatchObject({ online: false, paperOut: true, errorCode: 'PRINTER_PAPER_OUT' });
        c.setPaper('ok');
        expect(await h.printer.print(sampleTicket())).toMatchObject({ ok: true });
        expect(c.receipts.length).toBe(before + 1);
      });

      it('the roll runs out right after a ticket came out: printed (verified), paper out as a warning; the next print fails before sending', async () => {
        const before = c.receipts.length;
        c.runOutAfterNextJob();
        expect(await h.printer.print(sampleTicket())).toEqual({ ok: true, verified: true, warning: 'PRINTER_PAPER_OUT' });
        expect(c.receipts.length).toBe(before + 1);
        expect(await h.printer.status()).toMatchObject({ paperOut: true, errorCode: 'PRINTER_PAPER_OUT' });
        expect(await h.printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT', sent: false });
        expect(c.receipts.length).toBe(before + 1);
      });

      it('paper near end: still prints, with a warning', async () => {
        c.setPaper('near_end');
        expect(await h.printer.print(sampleTicket())).toEqual({ ok: true, verified: true, warning: 'PRINTER_PAPER_NEAR_END' });
        expect(await h.printer.status()).toMatchObject({ online: true, paperNearEnd: true, paperOut: false, errorCode: null });
      });

      it('cover open: PRINTER_COVER_OPEN within the timeout; prints again once closed', async () => {
        c.setCoverOpen(true);
        const { result, ms } = await timed(h.printer, sampleTicket());
        expect(result).toMatchObject({ ok: false, code: 'PRINTER_COVER_OPEN', sent: false });
        expect(ms).toBeLessThan(bound(h.timeoutMs));
        expect(await h.printer.status()).toMatchObject({ coverOpen: true, errorCode: 'PRINTER_COVER_OPEN' });
        c.setCoverOpen(false);
        expect(await h.printer.print(sampleTicket())).toMatchObject({ ok: true });
      });

      it('offline (connection refused): PRINTER_OFFLINE within the timeout; prints again once back', async () => {
        await c.setOffline('refuse');
        const { result, ms } = await timed(h.printer, sampleTicket());
        expect(result).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', sent: false });
        expect(ms).toBeLessThan(bound(h.timeoutMs));
        expect(await h.printer.status()).toMatchObject({ online: false, errorCode: 'PRINTER_OFFLINE' });
        await c.setOffline(false);
        expect(await h.printer.print(sampleTicket())).toMatchObject({ ok: true });
      });

      it('offline (accepts but never answers): PRINTER_TIMEOUT within the timeout; prints again once back', async () => {
        await c.setOffline('silent');
        const before = c.receipts.length;
        const { result, ms } = await timed(h.printer, sampleTicket());
        expect(result).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', sent: false });
        expect(ms).toBeLessThan(bound(h.timeoutMs));
        expect(c.receipts.length).toBe(before);
        expect(await h.printer.status()).toMatchObject({ online: false });
        await c.setOffline(false);
        expect(await h.printer.print(sampleTicket())).toMatchObject({ ok: true });
      });

      it('concurrent prints are serialised and all come out', async () => {
        const before = c.receipts.length;
        const results = await Promise.all([1, 2, 3].map((n) => h.printer.print(sampleTicket('es', { number: `B-00${n}` }))));
        expect(results.every((r) => r.ok)).toBe(true);
        const numbers = c.receipts.slice(before).map((r) => r.lines.find((l) => l.text.startsWith('B-'))?.text);
        expect(numbers).toEqual(['B-001', 'B-002', 'B-003']);
      });
    });
  });
}
