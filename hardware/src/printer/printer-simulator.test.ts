import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPrinter } from './create-printer.ts';
import { REALTIME_STATUS_QUERY } from './escpos-status.ts';
import { PrinterSimulator } from './printer-simulator.ts';
import { receiptText } from './receipt.ts';
import type { Receipt } from './receipt.ts';
import { renderReceiptPng } from './receipt-png.ts';
import { sampleCallbackReceipt, sampleTicket } from './sample-tickets.ts';

const ROOT = path.resolve(import.meta.dirname, '../../..');
const ARTIFACTS = path.join(ROOT, 'artifacts/hardware');
const DOCS_IMAGES = path.join(ROOT, 'docs/images');
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

async function saveImage(png: Buffer, artifactName: string, docsName: string): Promise<void> {
  await mkdir(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, artifactName);
  await writeFile(file, png);
  if (process.env['UPDATE_DOCS_IMAGES'] === '1') {
    await mkdir(DOCS_IMAGES, { recursive: true });
    await copyFile(file, path.join(DOCS_IMAGES, docsName));
  }
}

/** Raw TCP exchange: send bytes, collect `expect` answer bytes (bounded). */
function exchange(port: number, bytes: Uint8Array, expectBytes: number): Promise<number[]> {
  return new Promise((resolve, reject) => {
    const got: number[] = [];
    const socket = net.connect({ host: '127.0.0.1', port }, () => socket.write(bytes));
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`only ${got.length} of ${expectBytes} bytes`));
    }, 2000);
    socket.on('data', (d) => {
      got.push(...d);
      if (got.length >= expectBytes) {
        clearTimeout(timer);
        socket.destroy();
        resolve(got);
      }
    });
    socket.on('error', reject);
  });
}

describe('PrinterSimulator', () => {
  let sim: PrinterSimulator;
  beforeAll(async () => {
    sim = await PrinterSimulator.start({ port: 0, keep: 3 });
  });
  afterAll(async () => {
    await sim?.stop();
  });

  it('binds an ephemeral port on 127.0.0.1', () => {
    expect(sim.port).toBeGreaterThan(0);
    expect(sim.uri).toBe(`tcp://127.0.0.1:${sim.port}`);
  });

  it('answers DLE EOT 1/2/4 with the real status bytes for each condition', async () => {
    expect(await exchange(sim.port, REALTIME_STATUS_QUERY, 3)).toEqual([0x12, 0x12, 0x12]);
    sim.setPaper('near_end');
    expect(await exchange(sim.port, REALTIME_STATUS_QUERY, 3)).toEqual([0x12, 0x12, 0x1e]);
    sim.setPaper('out');
    expect(await exchange(sim.port, REALTIME_STATUS_QUERY, 3)).toEqual([0x1a, 0x72, 0x7e]);
    sim.setPaper('ok');
    sim.setCoverOpen(true);
    expect(await exchange(sim.port, REALTIME_STATUS_QUERY, 3)).toEqual([0x1a, 0x56, 0x12]);
    await sim.reset();
  });

  it('renders the printed ticket and callback receipt as PNGs (artifacts/hardware)', async () => {
    const printer = createPrinter(sim.uri, { timeoutMs: 1000 });
    const images: Array<[Receipt, string, string]> = [];
    let next = sim.nextReceipt();
    expect(await printer.print(sampleTicket())).toMatchObject({ ok: true });
    images.push([await next, 'ticket.png', 'ticket-printed.png']);
    next = sim.nextReceipt();
    expect(await printer.print(sampleCallbackReceipt())).toMatchObject({ ok: true });
    const callback = await next;
    expect(receiptText(callback)).toContain('SOLICITUD DE');
    expect(receiptText(callback)).toContain('CB-7K2Q');
    expect(receiptText(callback)).toContain('Teléfono: ********4567');
    expect(receiptText(callback)).toContain('María José Núñez');
    images.push([callback, 'callback-receipt.png', 'callback-receipt.png']);
    for (const [receipt, artifact, docs] of images) {
      const png = renderReceiptPng(receipt);
      expect(png.subarray(0, 8)).toEqual(PNG_SIGNATURE);
      const width = png.readUInt32BE(16);
      const height = png.readUInt32BE(20);
      expect(width).toBeGreaterThanOrEqual(576);
      expect(width).toBeLessThan(800);
      expect(height).toBeGreaterThan(500);
      expect(height).toBeLessThan(3000);
      await saveImage(png, artifact, docs);
    }
  });

  it('a URI with ?status=none drives a printer that answers no status: printed, unverified', async () => {
    sim.setPaper('near_end');
    expect(await createPrinter(sim.uri, { timeoutMs: 1000 }).print(sampleTicket())).toMatchObject({ ok: true, verified: true, warning: 'PRINTER_PAPER_NEAR_END' });
    const next = sim.nextReceipt();
    expect(await createPrinter(`${sim.uri}?status=none`, { timeoutMs: 1000 }).print(sampleTicket())).toEqual({ ok: true, verified: false, warning: null });
    expect(receiptText(await next)).toContain('A-023');
    await sim.reset();
  });

  it('keeps only the last N receipts', async () => {
    const printer = createPrinter(sim.uri, { timeoutMs: 1000 });
    for (const n of ['C-001', 'C-002', 'C-003', 'C-004']) {
      expect(await printer.print(sampleTicket('es', { number: n }))).toMatchObject({ ok: true });
    }
    expect(sim.receipts.map((r) => r.lines.find((l) => l.text.startsWith('C-'))?.text)).toEqual(['C-002', 'C-003', 'C-004']);
  });

  it('produces no receipt for bytes sent while out of paper, and says so', async () => {
    sim.setPaper('out');
    const discarded = new Promise((resolve) => sim.once('discarded', resolve));
    const job = Buffer.concat([Buffer.from('hola\n'), Buffer.from([0x1d, 0x56, 0x00])]);
    await new Promise<void>((resolve) => {
      const s = net.connect({ host: '127.0.0.1', port: sim.port }, () => s.end(job, () => resolve()));
    });
    expect(await discarded).toEqual({ reason: 'paper_out' });
    await sim.reset();
  });

  it('refuses connections while offline and takes them again on the same port', async () => {
    const port = sim.port;
    await sim.setOffline('refuse');
    await expect(exchange(port, REALTIME_STATUS_QUERY, 3)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
    await sim.setOffline(false);
    expect(sim.port).toBe(port);
    expect(await exchange(port, REALTIME_STATUS_QUERY, 3)).toEqual([0x12, 0x12, 0x12]);
  });
});
