import { describe, expect, it } from 'vitest';
import { decodeEscPos, EscPosDecoder } from './escpos-decoder.ts';
import type { DecoderEvent } from './escpos-decoder.ts';
import { receiptText } from './receipt.ts';
import { sampleCallbackReceipt, sampleTicket } from './sample-tickets.ts';
import { renderEscPosJob } from './thermal-printer-adapter.ts';
import { buildTicketLayout } from './ticket-layout.ts';

const ESC = 0x1b;
const GS = 0x1d;
const bytes = (...parts: Array<string | number[]>): Uint8Array =>
  Uint8Array.from(parts.flatMap((p) => (typeof p === 'string' ? [...Buffer.from(p, 'latin1')] : p)));

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function decodeInChunks(data: Uint8Array, random: () => number, maxChunk: number): DecoderEvent[] {
  const d = new EscPosDecoder();
  const events: DecoderEvent[] = [];
  let i = 0;
  while (i < data.length) {
    const n = 1 + Math.floor(random() * maxChunk);
    events.push(...d.write(data.subarray(i, i + n)));
    i += n;
  }
  return [...events, ...d.end()];
}

function decodeWhole(data: Uint8Array): DecoderEvent[] {
  const d = new EscPosDecoder();
  return [...d.write(data), ...d.end()];
}

const ticketJob = renderEscPosJob(buildTicketLayout(sampleTicket(), { paperWidth: 80 }), { paperWidth: 80 });
const callbackJob = renderEscPosJob(buildTicketLayout(sampleCallbackReceipt(), { paperWidth: 58 }), { paperWidth: 58 });

describe('EscPosDecoder', () => {
  it('decodes text lines with emphasis, size (GS !) and alignment (ESC a)', () => {
    const [r] = decodeEscPos(
      bytes([ESC, 0x40], [ESC, 0x61, 1], [ESC, 0x45, 1], 'Title\n', [ESC, 0x45, 0], [GS, 0x21, 0x33], 'A-1\n', [GS, 0x21, 0x00], [ESC, 0x61, 2], 'right\n', [GS, 0x56, 0x00]),
    );
    expect(r!.lines.map(({ text, bold, width, height, align }) => ({ text, bold, width, height, align }))).toEqual([
      { text: 'Title', bold: true, width: 1, height: 1, align: 'center' },
      { text: 'A-1', bold: false, width: 4, height: 4, align: 'center' },
      { text: 'right', bold: false, width: 1, height: 1, align: 'right' },
    ]);
    expect(r!.cut).toBe(true);
  });

  it('reads ESC ! print modes and keeps mixed styles as spans', () => {
    const [r] = decodeEscPos(bytes('a', [ESC, 0x21, 0x38], 'B', [ESC, 0x21, 0x00], 'c\n'));
    expect(r!.lines[0]!.spans).toEqual([
      { text: 'a', bold: false, width: 1, height: 1 },
      { text: 'B', bold: true, width: 2, height: 2 },
      { text: 'c', bold: false, width: 1, height: 1 },
    ]);
    expect(r!.lines[0]).toMatchObject({ text: 'aBc', width: 2, height: 2, bold: false });
    expect(r!.cut).toBe(false);
  });

  it('extracts QR payloads from GS ( k store (cn 49, fn 80) and print (fn 81)', () => {
    const data = 'https://x.co/t/1';
    const n = data.length + 3;
    const [r] = decodeEscPos(
      bytes([GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, 7], [GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30], data, [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30], 'after\n'),
    );
    expect(r!.qr).toEqual([data]);
    expect(r!.blocks[0]).toEqual({ type: 'qr', qr: { data, moduleSize: 7, align: 'left' } });
  });

  it('turns ESC d n into blank lines and splits receipts at each cut', () => {
    const rs = decodeEscPos(bytes('one', [ESC, 0x64, 3], [GS, 0x56, 0x41, 0x03], 'two\n', [ESC, 0x69]));
    expect(rs.map((r) => r.lines.map((l) => l.text))).toEqual([['one', '', ''], ['two']]);
  });

  it('decodes Spanish accents in PC850 and PC858 (ESC t 2 / 19) and PC437 by default', () => {
    const pc850 = Buffer.from([0xa0, 0x82, 0xa1, 0xa2, 0xa3, 0xa4, 0xb5, 0x90, 0xd6, 0xe0, 0xe9, 0xa5, 0xa8, 0xad, 0x81, 0x9a]);
    const [a] = decodeEscPos(bytes([ESC, 0x74, 2], [...pc850], '\n'));
    expect(a!.lines[0]!.text).toBe('áéíóúñÁÉÍÓÚÑ¿¡üÜ');
    const [b] = decodeEscPos(bytes([ESC, 0x74, 19], [0xd5], [ESC, 0x74, 0], [0xa4, 0x9e], '\n'));
    expect(b!.lines[0]!.text).toBe('€ñ₧');
  });

  it('round-trips Spanish text encoded by node-thermal-printer', () => {
    const text = receiptText(decodeEscPos(ticketJob)[0]!);
    for (const s of ['Oficina Cúcuta Centro', 'Facturación y reclamos', 'ATENCIÓN PREFERENCIAL', 'esté atento', '¡Gracias!']) {
      expect(text).toContain(s);
    }
    expect(receiptText(decodeEscPos(callbackJob)[0]!)).toContain('María José Núñez');
  });

  it('reports DLE EOT and GS r queries in stream order', () => {
    const events = decodeWhole(bytes([0x10, 0x04, 1], 'x\n', [GS, 0x72, 1], [0x10, 0x04, 4], [GS, 0x56, 0]));
    expect(events.map((e) => e.type)).toEqual(['realtime_status', 'sequenced_status', 'realtime_status', 'receipt']);
  });

  it('skips unknown and payload-carrying commands (images, barcodes) without printing their bytes', () => {
    const image = [GS, 0x76, 0x30, 0, 2, 0, 3, 0, 0x41, 0x42, 0x43, 0x44, 0x45, 0x46];
    const barcode = [GS, 0x6b, 4, 0x31, 0x32, 0x00];
    const unknown = [ESC, 0x7e, GS, 0x7e, 0x1c, 0x2e];
    const [r] = decodeEscPos(bytes(image, barcode, unknown, 'ok\n'));
    expect(r!.lines.map((l) => l.text)).toEqual(['ok']);
  });

  it('decodes identically whatever the chunk boundaries (seeded random splits)', () => {
    for (const job of [ticketJob, callbackJob]) {
      const whole = decodeWhole(job);
      for (let seed = 1; seed <= 40; seed++) {
        expect(decodeInChunks(job, rng(seed), seed % 4 === 0 ? 2 : 64)).toEqual(whole);
      }
      // One byte at a time: every possible split point at once.
      expect(decodeInChunks(job, () => 0, 1)).toEqual(whole);
    }
  });

  it('never throws and always terminates on random garbage, truncated and oversized commands', () => {
    const random = rng(99);
    for (let round = 0; round < 200; round++) {
      const junk = Uint8Array.from({ length: 1 + Math.floor(random() * 400) }, () => Math.floor(random() * 256));
      expect(() => decodeInChunks(junk, random, 50)).not.toThrow();
    }
    // A QR store that promises 60 000 bytes and delivers 10: nothing printed, no crash.
    expect(decodeEscPos(bytes([GS, 0x28, 0x6b, 0x60, 0xea, 0x31, 0x50, 0x30], 'short'))).toEqual([]);
    // Truncated in the middle of a command.
    expect(decodeEscPos(bytes('x\n', [GS, 0x21]))).toHaveLength(1);
  });

  it('drops control characters and ignores a job with no ink', () => {
    expect(decodeEscPos(bytes([0x00, 0x07, 0x7f], '\n\n', [GS, 0x56, 0]))).toEqual([]);
  });
});
