import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EscPosDecoder } from './escpos-decoder.ts';
import { encodeRealtimeStatus, encodeSequencedPaperStatus } from './escpos-status.ts';
import type { PrinterCondition } from './escpos-status.ts';
import { sampleTicket } from './sample-tickets.ts';
import { renderEscPosJob, ThermalTicketPrinter } from './thermal-printer-adapter.ts';
import { buildTicketLayout } from './ticket-layout.ts';

type Script = {
  /**
   * Answer to DLE EOT n (several bytes: sent together, in order); null = stay silent. Defaults to a
   * healthy printer. `confirmed`: the GS r after the job was answered.
   */
  realtime?: (n: number, jobSeen: boolean, confirmed: boolean) => number | number[] | null;
  /** Answer to GS r; null = never answer. */
  sequenced?: (jobSeen: boolean) => number | null;
  /** Called on each decoded job; may end the connection (a printer that drops it mid-job). */
  onJob?: (socket: net.Socket) => void;
};

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

const healthy: PrinterCondition = { paper: 'ok', coverOpen: false };
const paperOut: PrinterCondition = { paper: 'out', coverOpen: false };
const coverOpen: PrinterCondition = { paper: 'ok', coverOpen: true };

/** A scripted ESC/POS printer on 127.0.0.1 for misbehaviours the simulator does not model. */
async function scriptedPrinter(script: Script): Promise<ThermalTicketPrinter> {
  const server = net.createServer((socket) => {
    const decoder = new EscPosDecoder();
    let jobSeen = false;
    let confirmed = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const e of decoder.write(chunk)) {
        if (e.type === 'receipt') {
          jobSeen = true;
          script.onJob?.(socket);
        }
        let answer: number | number[] | null = null;
        if (e.type === 'realtime_status') answer = (script.realtime ?? ((n) => encodeRealtimeStatus(n, healthy)))(e.n, jobSeen, confirmed);
        if (e.type === 'sequenced_status') {
          answer = (script.sequenced ?? (() => encodeSequencedPaperStatus(healthy)))(jobSeen);
          if (answer !== null && jobSeen) confirmed = true;
        }
        if (answer !== null && socket.writable) socket.write(Uint8Array.from(typeof answer === 'number' ? [answer] : answer));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return new ThermalTicketPrinter({ kind: 'tcp', host: '127.0.0.1', port }, { timeoutMs: 300, printTimeoutMs: 1000 });
}

describe('ThermalTicketPrinter (network)', () => {
  it('paper running out during the job is PRINTER_PAPER_OUT, never "printed", and in doubt: the job was sent', async () => {
    const printer = await scriptedPrinter({
      realtime: (n, jobSeen) => encodeRealtimeStatus(n, jobSeen ? paperOut : healthy),
      sequenced: () => null,
    });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT', sent: true });
  });

  it('a printer that never confirms the job is PRINTER_TIMEOUT after printTimeoutMs, in doubt (it may still print it)', async () => {
    const printer = await scriptedPrinter({ sequenced: () => null });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', sent: true });
  });

  it('a printer that drops the connection after taking the job is PRINTER_OFFLINE, in doubt', async () => {
    const printer = await scriptedPrinter({ sequenced: () => null, onJob: (socket) => socket.destroy() });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_OFFLINE', sent: true });
  });

  it('the roll runs out (or the cover opens) once the job was confirmed: printed, the state a warning for the next job', async () => {
    for (const after of [paperOut, coverOpen]) {
      const printer = await scriptedPrinter({ realtime: (n, _jobSeen, confirmed) => encodeRealtimeStatus(n, confirmed ? after : healthy) });
      expect(await printer.print(sampleTicket())).toEqual({ ok: true, verified: true, warning: after.coverOpen ? 'PRINTER_COVER_OPEN' : 'PRINTER_PAPER_OUT' });
    }
  });

  it('no status answer after the job was confirmed: printed, with the printer’s silence as the warning', async () => {
    const printer = await scriptedPrinter({ realtime: (n, _jobSeen, confirmed) => (confirmed ? null : encodeRealtimeStatus(n, healthy)) });
    expect(await printer.print(sampleTicket())).toEqual({ ok: true, verified: true, warning: 'PRINTER_TIMEOUT' });
  });

  it('the confirmation arriving with a paper-out status poll (the roll ran out just after the job) is printed', async () => {
    let polled = false;
    const printer = await scriptedPrinter({
      // GS r is answered only with the first poll after the job, just before the (paper out) status bytes.
      sequenced: () => null,
      realtime: (n, jobSeen) => {
        if (!jobSeen) return encodeRealtimeStatus(n, healthy);
        if (n !== 1 || polled) return encodeRealtimeStatus(n, paperOut);
        polled = true;
        return [encodeSequencedPaperStatus(paperOut), encodeRealtimeStatus(n, paperOut)];
      },
    });
    expect(await printer.print(sampleTicket())).toEqual({ ok: true, verified: true, warning: 'PRINTER_PAPER_OUT' });
  });

  it('status bytes that are not ESC/POS answers are PRINTER_PROTOCOL, before anything was sent', async () => {
    const printer = await scriptedPrinter({ realtime: () => 0xff });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_PROTOCOL', sent: false });
    expect(await printer.status()).toMatchObject({ online: false, errorCode: 'PRINTER_PROTOCOL' });
  });

  it('a printer that answers only some status queries is PRINTER_TIMEOUT, before anything was sent', async () => {
    const printer = await scriptedPrinter({ realtime: (n) => (n === 1 ? 0x12 : null) });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT', sent: false });
  });
});

describe('renderEscPosJob', () => {
  it('starts an EPSON job with ESC @ and the PC850 code page, and ends with a cut', () => {
    const bytes = renderEscPosJob(buildTicketLayout(sampleTicket(), { paperWidth: 80 }), { paperWidth: 80 });
    expect([...bytes.subarray(0, 5)]).toEqual([0x1b, 0x40, 0x1b, 0x74, 2]);
    expect(Buffer.from(bytes).includes(Buffer.from([0x1d, 0x56, 0x00]))).toBe(true);
  });

  it('builds STAR line-mode jobs too (no ESC/POS size command there)', () => {
    const bytes = renderEscPosJob(buildTicketLayout(sampleTicket(), { paperWidth: 58 }), { type: 'STAR', paperWidth: 58 });
    expect(Buffer.from(bytes).includes(Buffer.from('A-023'))).toBe(true);
    expect(Buffer.from(bytes).includes(Buffer.from([0x1d, 0x21]))).toBe(false);
  });
});
