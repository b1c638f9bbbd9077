import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { EscPosDecoder } from './escpos-decoder.ts';
import { encodeRealtimeStatus, encodeSequencedPaperStatus } from './escpos-status.ts';
import type { PrinterCondition } from './escpos-status.ts';
import { sampleTicket } from './sample-tickets.ts';
import { renderEscPosJob, ThermalTicketPrinter } from './thermal-printer-adapter.ts';
import { buildTicketLayout } from './ticket-layout.ts';

type Script = {
  /** Answer to DLE EOT n; null = stay silent. Defaults to a healthy printer. */
  realtime?: (n: number, jobSeen: boolean) => number | null;
  /** Answer to GS r; null = never answer. */
  sequenced?: (jobSeen: boolean) => number | null;
};

const servers: net.Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** A scripted ESC/POS printer on 127.0.0.1 for misbehaviours the simulator does not model. */
async function scriptedPrinter(script: Script): Promise<ThermalTicketPrinter> {
  const healthy: PrinterCondition = { paper: 'ok', coverOpen: false };
  const server = net.createServer((socket) => {
    const decoder = new EscPosDecoder();
    let jobSeen = false;
    socket.on('error', () => undefined);
    socket.on('data', (chunk: Buffer) => {
      for (const e of decoder.write(chunk)) {
        if (e.type === 'receipt') jobSeen = true;
        const answer =
          e.type === 'realtime_status'
            ? (script.realtime ?? ((n) => encodeRealtimeStatus(n, healthy)))(e.n, jobSeen)
            : e.type === 'sequenced_status'
              ? (script.sequenced ?? (() => encodeSequencedPaperStatus(healthy)))(jobSeen)
              : null;
        if (answer !== null) socket.write(Uint8Array.of(answer));
      }
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return new ThermalTicketPrinter({ kind: 'tcp', host: '127.0.0.1', port }, { timeoutMs: 300, printTimeoutMs: 1000 });
}

describe('ThermalTicketPrinter (network)', () => {
  it('paper running out during the job is PRINTER_PAPER_OUT, never "printed"', async () => {
    const out: PrinterCondition = { paper: 'out', coverOpen: false };
    const printer = await scriptedPrinter({
      realtime: (n, jobSeen) => encodeRealtimeStatus(n, jobSeen ? out : { paper: 'ok', coverOpen: false }),
      sequenced: () => null,
    });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_PAPER_OUT' });
  });

  it('a printer that never confirms the job is PRINTER_TIMEOUT after printTimeoutMs', async () => {
    const printer = await scriptedPrinter({ sequenced: () => null });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT' });
  });

  it('status bytes that are not ESC/POS answers are PRINTER_PROTOCOL', async () => {
    const printer = await scriptedPrinter({ realtime: () => 0xff });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_PROTOCOL' });
    expect(await printer.status()).toMatchObject({ online: false, errorCode: 'PRINTER_PROTOCOL' });
  });

  it('a printer that answers only some status queries is PRINTER_TIMEOUT', async () => {
    const printer = await scriptedPrinter({ realtime: (n) => (n === 1 ? 0x12 : null) });
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: false, code: 'PRINTER_TIMEOUT' });
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
